package dev.upskill.inference.grading;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link Embedder} that remembers the vectors of the most recently used texts. The grader puts the question
 * side through it (question, references, key points, other questions' references): an assessment's questions
 * are graded for many employees, one call at a time, and re-embedding a 70-token reference for every answer would
 * cost more than the answer itself. Each text is embedded in a model run of its own, so a vector never depends on
 * which texts were asked for together or were already known. Bounded (least recently used out) and thread-safe.
 */
final class RecentEmbeddings implements Embedder {

    private final Embedder delegate;
    private final Map<String, float[]> recent;

    RecentEmbeddings(Embedder delegate, int capacity) {
        this.delegate = delegate;
        this.recent = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        float[][] out = new float[texts.size()][];
        List<String> missing = new ArrayList<>();
        synchronized (recent) {
            for (int i = 0; i < out.length; i++) {
                out[i] = recent.get(texts.get(i));
                if (out[i] == null && !missing.contains(texts.get(i))) {
                    missing.add(texts.get(i));
                }
            }
        }
        if (!missing.isEmpty()) {
            // Each text in a run of its own: its vector is then the same whichever texts it arrived with.
            List<float[]> computed = new ArrayList<>(missing.size());
            for (String text : missing) {
                computed.add(delegate.embed(List.of(text)).getFirst());
            }
            synchronized (recent) {
                for (int i = 0; i < missing.size(); i++) {
                    recent.put(missing.get(i), computed.get(i));
                }
            }
            for (int i = 0; i < out.length; i++) {
                if (out[i] == null) {
                    out[i] = computed.get(missing.indexOf(texts.get(i)));
                }
            }
        }
        return List.of(out);
    }
}
