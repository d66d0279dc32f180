package dev.upskill.inference.grading;

import java.util.List;

/**
 * Fits a {@link Calibration} offline: ridge regression of graded shares (score / max score) on
 * {@link CalibrationFeatures}, intercept unpenalised (features and target centred first), solved through the
 * normal equations, which for ~20 features and a few thousand answers is exact and instant.
 */
public final class CalibrationFit {

    private CalibrationFit() {
    }

    public static Calibration fit(List<AnswerSignals> signals, double[] shares, double ridge,
            double exampleShrinkage, String version, String provenance) {
        int n = signals.size();
        int p = CalibrationFeatures.NAMES.size();
        if (n == 0 || shares.length != n) {
            throw new IllegalArgumentException(n + " answers and " + shares.length + " grades");
        }
        double[][] x = new double[n][];
        double[] mean = new double[p];
        double yMean = 0;
        for (int i = 0; i < n; i++) {
            x[i] = CalibrationFeatures.of(signals.get(i));
            for (int j = 0; j < p; j++) {
                mean[j] += x[i][j] / n;
            }
            yMean += shares[i] / n;
        }
        double[][] a = new double[p][p + 1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                double xj = x[i][j] - mean[j];
                for (int k = 0; k < p; k++) {
                    a[j][k] += xj * (x[i][k] - mean[k]);
                }
                a[j][p] += xj * (shares[i] - yMean);
            }
        }
        for (int j = 0; j < p; j++) {
            a[j][j] += ridge;
        }
        double[] w = solve(a);
        double intercept = yMean;
        for (int j = 0; j < p; j++) {
            intercept -= w[j] * mean[j];
        }
        return new Calibration(version, CalibrationFeatures.NAMES, intercept, w, exampleShrinkage, provenance);
    }

    /** Gaussian elimination with partial pivoting on an augmented, symmetric positive definite system. */
    private static double[] solve(double[][] a) {
        int p = a.length;
        for (int col = 0; col < p; col++) {
            int pivot = col;
            for (int r = col + 1; r < p; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] t = a[col];
            a[col] = a[pivot];
            a[pivot] = t;
            for (int r = col + 1; r < p; r++) {
                double f = a[r][col] / a[col][col];
                for (int c = col; c <= p; c++) {
                    a[r][c] -= f * a[col][c];
                }
            }
        }
        double[] w = new double[p];
        for (int r = p - 1; r >= 0; r--) {
            double s = a[r][p];
            for (int c = r + 1; c < p; c++) {
                s -= a[r][c] * w[c];
            }
            w[r] = s / a[r][r];
        }
        return w;
    }
}
