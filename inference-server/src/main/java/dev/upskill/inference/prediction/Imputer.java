package dev.upskill.inference.prediction;

import java.util.Arrays;
import java.util.List;

/**
 * Fills missing values: numeric features with the training data's median, categorical ones with its most
 * frequent code. Built from the training split only, stored with the model.
 *
 * @param fill the value each feature is imputed with, in feature order
 */
public record Imputer(double[] fill) {

    public static Imputer fit(List<double[]> rows) {
        double[] fill = new double[AssignmentFeature.COUNT];
        for (int f = 0; f < fill.length; f++) {
            AssignmentFeature feature = AssignmentFeature.at(f);
            double[] present = new double[rows.size()];
            int n = 0;
            for (double[] row : rows) {
                if (!Double.isNaN(row[f])) {
                    present[n++] = row[f];
                }
            }
            if (n == 0) {
                fill[f] = feature.categorical() ? 1 : (feature.min() + feature.max()) / 2;
            } else if (feature.categorical()) {
                int[] counts = new int[feature.categories().size() + 1];
                for (int i = 0; i < n; i++) {
                    counts[(int) present[i]]++;
                }
                int best = 1;
                for (int c = 2; c < counts.length; c++) {
                    if (counts[c] > counts[best]) {
                        best = c;
                    }
                }
                fill[f] = best;
            } else {
                double[] sorted = Arrays.copyOf(present, n);
                Arrays.sort(sorted);
                fill[f] = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
            }
        }
        return new Imputer(fill);
    }

    /** A copy of {@code row} with missing values filled. */
    public double[] apply(double[] row) {
        double[] out = row.clone();
        for (int f = 0; f < out.length; f++) {
            if (Double.isNaN(out[f])) {
                out[f] = fill[f];
            }
        }
        return out;
    }
}
