package dev.upskill.benchmarks.grading;

import dev.upskill.inference.grading.Embedder;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link Embedder} that remembers the vectors of every list of texts it embedded: the evaluation grades each
 * answer several times (signals, then each fold and example setting), and the model is the slow part. Keyed by
 * the whole list, since the grader embeds an answer's sentences in one run and a sentence's vector depends on the
 * run it was in. Single-threaded.
 */
final class CachingEmbedder implements Embedder {

    private final Embedder delegate;
    private final Map<List<String>, List<float[]>> cache = new HashMap<>();

    CachingEmbedder(Embedder delegate) {
        this.delegate = delegate;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        return cache.computeIfAbsent(List.copyOf(texts), delegate::embed);
    }
}
