package dev.upskill.inference.prediction;

import java.util.Arrays;
import java.util.List;

/**
 * Snaps each numeric feature to one of at most {@code bins} values taken from the training data's quantiles
 * (the largest cut value not above it; values below the first cut snap to the first). Categorical features pass
 * unchanged. The forest is trained and served on snapped values: it cuts the distinct split candidates per
 * feature from thousands to {@code bins}, which is where Tribuo's tree training spends its time, at no
 * measurable cost in ROC-AUC (see docs/benchmarks.md).
 *
 * @param cuts per feature, the ascending distinct values it snaps to (empty: unchanged)
 */
public record Quantizer(double[][] cuts) {

    /** Default number of values per numeric feature. */
    public static final int DEFAULT_BINS = 64;

    public static Quantizer fit(List<double[]> imputedRows, int bins) {
        double[][] cuts = new double[AssignmentFeature.COUNT][];
        double[] column = new double[imputedRows.size()];
        for (int f = 0; f < cuts.length; f++) {
            if (AssignmentFeature.at(f).categorical() || imputedRows.isEmpty()) {
                cuts[f] = new double[0];
                continue;
            }
            for (int i = 0; i < column.length; i++) {
                column[i] = imputedRows.get(i)[f];
            }
            double[] sorted = column.clone();
            Arrays.sort(sorted);
            double[] distinct = Arrays.stream(sorted).distinct().toArray();
            if (distinct.length <= bins) {
                cuts[f] = distinct;
                continue;
            }
            double[] picked = new double[bins];
            for (int b = 0; b < bins; b++) {
                picked[b] = sorted[(int) ((long) b * sorted.length / bins)];
            }
            cuts[f] = Arrays.stream(picked).distinct().toArray();
        }
        return new Quantizer(cuts);
    }

    /** Snaps {@code row} in place and returns it. */
    public double[] apply(double[] row) {
        for (int f = 0; f < row.length; f++) {
            double[] c = cuts[f];
            if (c.length == 0) {
                continue;
            }
            row[f] = snap(c, row[f]);
        }
        return row;
    }

    private static double snap(double[] c, double x) {
        int lo = 0;
        int hi = c.length - 1;
        if (x <= c[0]) {
            return c[0];
        }
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (c[mid] <= x) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return c[lo];
    }
}
