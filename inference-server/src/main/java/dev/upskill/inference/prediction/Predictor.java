package dev.upskill.inference.prediction;

import dev.upskill.proto.v1.FactorContribution;
import dev.upskill.proto.v1.SuccessPrediction;

/** Turns a model's output for one row into a {@link SuccessPrediction}: decision, top factors, imputed names. */
public final class Predictor {

    private Predictor() {
    }

    public static SuccessPrediction predict(AssignmentModel model, double[] raw, double threshold, int topFactors) {
        return predict(model, raw, model.imputer().apply(raw), Double.NaN, threshold, topFactors);
    }

    /**
     * Predictions of many rows; without factors the probabilities are computed tree by tree for all rows at
     * once ({@link AssignmentModel#probabilitiesOfImputed}).
     */
    public static SuccessPrediction[] predictAll(AssignmentModel model, double[][] raw, double threshold,
            int topFactors) {
        double[][] filled = new double[raw.length][];
        for (int i = 0; i < raw.length; i++) {
            filled[i] = model.imputer().apply(raw[i]);
        }
        double[] probabilities = topFactors == 0 ? model.probabilitiesOfImputed(filled) : null;
        SuccessPrediction[] out = new SuccessPrediction[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = predict(model, raw[i], filled[i], probabilities == null ? Double.NaN : probabilities[i],
                    threshold, topFactors);
        }
        return out;
    }

    private static SuccessPrediction predict(AssignmentModel model, double[] raw, double[] filled, double known,
            double threshold, int topFactors) {
        SuccessPrediction.Builder out = SuccessPrediction.newBuilder();
        double probability;
        if (topFactors == 0) {
            probability = Double.isNaN(known) ? model.probabilityOfImputed(filled) : known;
        } else {
            double[] contributions = new double[AssignmentFeature.COUNT];
            probability = model.explainImputed(filled, contributions);
            int[] order = topByMagnitude(contributions, topFactors);
            for (int f : order) {
                FactorContribution.Builder factor = FactorContribution.newBuilder()
                        .setFeature(AssignmentFeature.at(f).featureName())
                        .setContribution(contributions[f])
                        .setImputed(Double.isNaN(raw[f]));
                if (AssignmentFeature.at(f).categorical()) {
                    factor.setCategory(FeatureCodec.categoryName(f, filled[f]));
                } else {
                    factor.setNumber(filled[f]);
                }
                out.addTopFactors(factor);
            }
        }
        for (int f = 0; f < raw.length; f++) {
            if (Double.isNaN(raw[f])) {
                out.addImputedFeatures(AssignmentFeature.at(f).featureName());
            }
        }
        return out.setProbability(probability)
                .setRecommended(probability >= threshold)
                .setThreshold(threshold)
                .setBaseProbability(model.forest().baseProbability())
                .build();
    }

    /** Indices of the {@code k} largest |values|, largest first (ties: lower index first). */
    static int[] topByMagnitude(double[] values, int k) {
        int n = Math.min(k, values.length);
        int[] picked = new int[n];
        boolean[] used = new boolean[values.length];
        for (int i = 0; i < n; i++) {
            int best = -1;
            for (int j = 0; j < values.length; j++) {
                if (!used[j] && (best < 0 || Math.abs(values[j]) > Math.abs(values[best]))) {
                    best = j;
                }
            }
            used[best] = true;
            picked[i] = best;
        }
        return picked;
    }
}
