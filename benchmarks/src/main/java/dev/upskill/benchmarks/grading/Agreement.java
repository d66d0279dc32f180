package dev.upskill.benchmarks.grading;

/** Pearson correlation and root-mean-square error of predicted against gold scores. */
record Agreement(int n, double pearson, double rmse) {

    static Agreement of(double[] predicted, double[] gold) {
        int n = predicted.length;
        double mp = 0;
        double mg = 0;
        for (int i = 0; i < n; i++) {
            mp += predicted[i] / n;
            mg += gold[i] / n;
        }
        double cov = 0;
        double vp = 0;
        double vg = 0;
        double se = 0;
        for (int i = 0; i < n; i++) {
            cov += (predicted[i] - mp) * (gold[i] - mg);
            vp += (predicted[i] - mp) * (predicted[i] - mp);
            vg += (gold[i] - mg) * (gold[i] - mg);
            se += (predicted[i] - gold[i]) * (predicted[i] - gold[i]);
        }
        return new Agreement(n, cov / Math.sqrt(vp * vg), Math.sqrt(se / n));
    }
}
