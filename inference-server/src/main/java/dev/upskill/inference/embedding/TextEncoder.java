package dev.upskill.inference.embedding;

import java.util.List;

/** A loaded sentence-embedding model that hands out single-threaded runners. */
public interface TextEncoder extends AutoCloseable {

    /** Runs the model for one thread; not thread-safe. */
    interface Runner extends AutoCloseable {
        /** Embeds texts in one model run, in order. */
        List<TextEmbedding> encode(List<String> texts);

        @Override
        void close();
    }

    /** A new runner for the calling thread. */
    Runner newRunner();

    /** Stable model name reported in responses. */
    String name();

    /** Digest of the weights (see {@link ModelSource#version()}). */
    String version();

    /** Vector length. */
    int dimensions();

    @Override
    void close();
}
