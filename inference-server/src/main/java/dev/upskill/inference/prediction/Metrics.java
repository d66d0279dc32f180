package dev.upskill.inference.prediction;

import java.util.Arrays;

/**
 * ROC-AUC, accuracy, precision, recall, F1 and the confusion matrix of probabilities against labels.
 *
 * @param rows rows evaluated
 */
public record Metrics(long rows, double rocAuc, double accuracy, double precision, double recall,
        double f1, long tp, long fp, long tn, long fn, double threshold) {

    public static Metrics of(double[] probabilities, boolean[] labels, double threshold) {
        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < labels.length; i++) {
            boolean predicted = probabilities[i] >= threshold;
            if (predicted && labels[i]) {
                tp++;
            } else if (predicted) {
                fp++;
            } else if (labels[i]) {
                fn++;
            } else {
                tn++;
            }
        }
        long n = labels.length;
        double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
        double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new Metrics(n, rocAuc(probabilities, labels), n == 0 ? 0 : (double) (tp + tn) / n,
                precision, recall, f1, tp, fp, tn, fn, threshold);
    }

    /** Mann-Whitney ROC-AUC with ties counted half. */
    public static double rocAuc(double[] scores, boolean[] labels) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double rankSumPos = 0;
        long pos = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double avgRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (labels[order[k]]) {
                    rankSumPos += avgRank;
                    pos++;
                }
            }
            i = j + 1;
        }
        long neg = scores.length - pos;
        if (pos == 0 || neg == 0) {
            return 0.5;
        }
        return (rankSumPos - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }
}
