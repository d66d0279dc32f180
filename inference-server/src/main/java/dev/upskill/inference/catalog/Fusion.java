package dev.upskill.inference.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Merges the dense and the lexical result lists of a hybrid search into one ranking.
 *
 * <ul>
 *   <li>{@link Method#RRF} (reciprocal rank fusion): score = Σ 1/(60 + rank) over the lists a course is in.
 *   Needs no calibration between cosine and BM25 scores, which live on different scales.</li>
 *   <li>{@link Method#WEIGHTED}: score = w·cosine + (1 − w)·BM25/max(BM25), the BM25 score scaled to 0..1 by
 *   the best lexical hit of this query.</li>
 * </ul>
 */
public record Fusion(Method method, float denseWeight) {

    /** The rank constant of reciprocal rank fusion (Cormack et al. 2009; also the value Elasticsearch uses). */
    static final int RRF_K = 60;

    public enum Method {
        RRF, WEIGHTED;

        public static Method parse(String name) {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        }
    }

    /** A course with its fused score and where it stood in each list (1-based; 0 = absent). */
    record Fused(IndexedCourse course, float score, int denseRank, float denseScore, int lexicalRank,
                 float lexicalScore) {
    }

    public Fusion {
        if (!(denseWeight >= 0 && denseWeight <= 1)) {
            throw new IllegalArgumentException("dense weight must be 0 to 1, not " + denseWeight);
        }
    }

    /** The top {@code k} of both lists merged, best first; ties broken by course id for a stable order. */
    List<Fused> fuse(List<ScoredCourse> dense, List<ScoredCourse> lexical, int k) {
        Map<String, Fused> byId = new LinkedHashMap<>();
        float maxLexical = 0;
        for (ScoredCourse hit : lexical) {
            maxLexical = Math.max(maxLexical, hit.score());
        }
        for (int i = 0; i < dense.size(); i++) {
            ScoredCourse hit = dense.get(i);
            byId.put(hit.course().id(), new Fused(hit.course(), 0, i + 1, hit.score(), 0, 0));
        }
        for (int i = 0; i < lexical.size(); i++) {
            ScoredCourse hit = lexical.get(i);
            Fused seen = byId.get(hit.course().id());
            byId.put(hit.course().id(), seen == null
                    ? new Fused(hit.course(), 0, 0, 0, i + 1, hit.score())
                    : new Fused(seen.course(), 0, seen.denseRank(), seen.denseScore(), i + 1, hit.score()));
        }
        List<Fused> scored = new ArrayList<>(byId.size());
        for (Fused entry : byId.values()) {
            scored.add(new Fused(entry.course(), score(entry, maxLexical), entry.denseRank(), entry.denseScore(),
                    entry.lexicalRank(), entry.lexicalScore()));
        }
        scored.sort(Comparator.comparingDouble(Fused::score).reversed()
                .thenComparing(fused -> fused.course().id()));
        return scored.subList(0, Math.min(k, scored.size()));
    }

    private float score(Fused entry, float maxLexical) {
        return switch (method) {
            case RRF -> (entry.denseRank() > 0 ? 1f / (RRF_K + entry.denseRank()) : 0f)
                    + (entry.lexicalRank() > 0 ? 1f / (RRF_K + entry.lexicalRank()) : 0f);
            case WEIGHTED -> denseWeight * (entry.denseRank() > 0 ? entry.denseScore() : 0f)
                    + (1 - denseWeight) * (entry.lexicalRank() > 0 && maxLexical > 0
                    ? entry.lexicalScore() / maxLexical : 0f);
        };
    }
}
