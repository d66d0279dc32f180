package dev.upskill.inference.ranking;

import dev.upskill.proto.v1.ModelVersion;
import dev.upskill.proto.v1.RankingFeature;

import java.util.List;

/**
 * The weights of the ranking model: one per scored feature, in {@link #FEATURES} order. The score of a course is
 * the weighted sum of its feature values.
 *
 * @param name "ranking-default" or "ranking-learned", as {@code meta.model} reports it
 * @param version the weights' version
 */
public record RankingWeights(String name, String version, float[] values) {

    /** The scored features, in RankingFeature order (the diversity penalty is applied by MMR, not weighted). */
    public static final List<RankingFeature> FEATURES = List.of(
            RankingFeature.RANKING_FEATURE_SEMANTIC_RELEVANCE,
            RankingFeature.RANKING_FEATURE_GAP_COVERAGE,
            RankingFeature.RANKING_FEATURE_LEVEL_FIT,
            RankingFeature.RANKING_FEATURE_QUALITY,
            RankingFeature.RANKING_FEATURE_OUTCOME_RATE,
            RankingFeature.RANKING_FEATURE_DURATION_FIT,
            RankingFeature.RANKING_FEATURE_MANAGER_PREFERENCE);

    /**
     * The cold-start weights (docs/ranking.md): what the course is about and which gaps it covers dominate,
     * quality next, then level, outcomes, time and the manager's preferences. They sum to 1.
     */
    public static final RankingWeights DEFAULT = new RankingWeights("ranking-default", "1",
            new float[] {0.30f, 0.25f, 0.10f, 0.15f, 0.10f, 0.05f, 0.05f});

    public RankingWeights {
        if (values.length != FEATURES.size()) {
            throw new IllegalArgumentException(FEATURES.size() + " weights expected, got " + values.length);
        }
        values = values.clone();
    }

    public float weight(int feature) {
        return values[feature];
    }

    public ModelVersion modelVersion() {
        return ModelVersion.newBuilder().setName(name).setVersion(version).build();
    }
}
