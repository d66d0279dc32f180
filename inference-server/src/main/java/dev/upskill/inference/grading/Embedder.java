package dev.upskill.inference.grading;

import java.util.List;

/**
 * Sentence embeddings for the semantic signals: L2-normalised vectors, one per text, in order. The server
 * embeds through its shared batcher; the offline calibration and evaluation tools call a model runner directly.
 */
@FunctionalInterface
public interface Embedder {

    List<float[]> embed(List<String> texts);
}
