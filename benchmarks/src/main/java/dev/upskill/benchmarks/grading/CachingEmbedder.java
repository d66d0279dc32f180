package dev.upskill.benchmarks.grading;

import dev.upskill.inference.embedding.TextEmbedding;
import dev.upskill.inference.embedding.TextEncoder;
import dev.upskill.inference.grading.Embedder;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link Embedder} over one model runner that remembers every text it embedded: the evaluation grades each
 * answer several times (signals, then each fold and example setting), and the model is the slow part.
 * Single-threaded, like the runner.
 */
final class CachingEmbedder implements Embedder {

    private static final int BATCH = 32;

    private final TextEncoder.Runner runner;
    private final Map<String, float[]> cache = new HashMap<>();

    CachingEmbedder(TextEncoder.Runner runner) {
        this.runner = runner;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        List<String> missing = texts.stream().filter(t -> !cache.containsKey(t)).distinct().toList();
        for (int from = 0; from < missing.size(); from += BATCH) {
            List<String> part = missing.subList(from, Math.min(missing.size(), from + BATCH));
            List<TextEmbedding> vectors = runner.encode(part);
            for (int i = 0; i < part.size(); i++) {
                cache.put(part.get(i), vectors.get(i).vector());
            }
        }
        return texts.stream().map(cache::get).toList();
    }
}
