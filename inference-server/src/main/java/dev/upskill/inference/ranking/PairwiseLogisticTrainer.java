package dev.upskill.inference.ranking;

import java.util.List;

/**
 * Learning to rank from preferences: pairwise logistic regression (RankNet with a linear scorer). Each training
 * pair says course A should rank above course B for a learner; with x = features(A) - features(B), the model
 * minimises the mean of log(1 + exp(-w·x)) plus an L2 pull towards the default weights, by full-batch gradient
 * descent from the defaults. The fitted weights are clipped at 0 (every feature is "higher is better", and a
 * negative weight could not be explained to a person) and scaled to sum to 1, so learned and default scores are
 * on the same 0..1 scale. Deterministic: same pairs, same weights.
 */
public final class PairwiseLogisticTrainer {

    private final int epochs;
    private final double learningRate;
    private final double l2;

    /** The settings the server uses: 300 epochs, learning rate 1, L2 0.001. */
    public PairwiseLogisticTrainer() {
        this(300, 1.0, 0.001);
    }

    public PairwiseLogisticTrainer(int epochs, double learningRate, double l2) {
        this.epochs = epochs;
        this.learningRate = learningRate;
        this.l2 = l2;
    }

    /** A preference: {@code better} should rank above {@code worse}; both in {@link RankingWeights#FEATURES} order. */
    public record Pair(float[] better, float[] worse) {
    }

    /**
     * Fits weights to the pairs.
     *
     * @param version the version the learned weights report
     * @return learned weights, or the defaults when there are no pairs or every weight fits to 0
     */
    public RankingWeights fit(List<Pair> pairs, String version) {
        int d = RankingWeights.FEATURES.size();
        if (pairs.isEmpty()) {
            return RankingWeights.DEFAULT;
        }
        double[][] x = new double[pairs.size()][d];
        for (int p = 0; p < pairs.size(); p++) {
            for (int j = 0; j < d; j++) {
                x[p][j] = pairs.get(p).better()[j] - pairs.get(p).worse()[j];
            }
        }
        double[] prior = new double[d];
        double[] w = new double[d];
        for (int j = 0; j < d; j++) {
            prior[j] = RankingWeights.DEFAULT.weight(j);
            // The default weights sum to 1, which makes differences of a few hundredths: start on a scale where
            // the logistic loss has a gradient worth following.
            w[j] = prior[j] * 10;
        }
        double[] gradient = new double[d];
        for (int epoch = 0; epoch < epochs; epoch++) {
            java.util.Arrays.fill(gradient, 0);
            for (double[] diff : x) {
                double margin = 0;
                for (int j = 0; j < d; j++) {
                    margin += w[j] * diff[j];
                }
                double g = -1 / (1 + Math.exp(margin)); // d/dm log(1 + exp(-m))
                for (int j = 0; j < d; j++) {
                    gradient[j] += g * diff[j];
                }
            }
            for (int j = 0; j < d; j++) {
                w[j] -= learningRate * (gradient[j] / x.length + l2 * (w[j] - prior[j] * 10));
            }
        }
        double sum = 0;
        for (int j = 0; j < d; j++) {
            w[j] = Math.max(0, w[j]);
            sum += w[j];
        }
        if (sum == 0) {
            return RankingWeights.DEFAULT;
        }
        float[] values = new float[d];
        for (int j = 0; j < d; j++) {
            values[j] = (float) (w[j] / sum);
        }
        return new RankingWeights("ranking-learned", version, values);
    }
}
