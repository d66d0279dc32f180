package dev.upskill.inference.grading;

import java.util.List;

/**
 * Sentence embeddings for the semantic signals: L2-normalised vectors, one per text, in order. The texts of one
 * call must be embedded together and with nothing else (one model run, or several for a long list): the grader
 * relies on a call's vectors depending only on that call's texts ({@link RunEmbedder}).
 */
@FunctionalInterface
public interface Embedder {

    List<float[]> embed(List<String> texts);
}
