package dev.upskill.inference.prediction;

import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.classification.Label;

import java.util.Arrays;

/**
 * A classification dataset as columns of bin codes: for every feature (by Tribuo feature ID) its ascending
 * distinct values and, per row, the index of the row's value among them; plus each row's label ID and weight.
 * A feature an example does not carry counts as 0, as in Tribuo's CART. Built once per dataset so that every
 * tree of a forest only gathers its bootstrap rows ({@link #select}) instead of re-inverting the examples.
 *
 * @param values per feature, its ascending distinct values (shared between selections, never written)
 * @param codes  per feature, per row, the index into {@code values}
 */
record BinnedColumns(double[][] values, int[][] codes, int[] labels, float[] weights) {

    static BinnedColumns of(Dataset<Label> data) {
        ImmutableFeatureMap featureMap = data.getFeatureIDMap();
        ImmutableOutputInfo<Label> outputs = data.getOutputIDInfo();
        int n = data.size();
        int featureCount = featureMap.size();
        double[][] raw = new double[featureCount][n];
        int[] labels = new int[n];
        float[] weights = new float[n];
        int row = 0;
        for (Example<Label> example : data) {
            labels[row] = outputs.getID(example.getOutput());
            weights[row] = example.getWeight();
            for (Feature feature : example) {
                int id = featureMap.getID(feature.getName());
                if (id >= 0) {
                    raw[id][row] = feature.getValue();
                }
            }
            row++;
        }
        double[][] values = new double[featureCount][];
        int[][] codes = new int[featureCount][n];
        for (int f = 0; f < featureCount; f++) {
            double[] sorted = raw[f].clone();
            Arrays.sort(sorted);
            int distinct = 0;
            for (int i = 0; i < n; i++) {
                if (i == 0 || Double.compare(sorted[i], sorted[distinct - 1]) != 0) {
                    sorted[distinct++] = sorted[i];
                }
            }
            values[f] = Arrays.copyOf(sorted, distinct);
            for (int i = 0; i < n; i++) {
                codes[f][i] = Arrays.binarySearch(values[f], raw[f][i]);
            }
        }
        return new BinnedColumns(values, codes, labels, weights);
    }

    int rows() {
        return labels.length;
    }

    int features() {
        return values.length;
    }

    /** The rows at {@code indices} (repeats allowed, as in a bootstrap sample), in that order. */
    BinnedColumns select(int[] indices) {
        int[][] picked = new int[codes.length][indices.length];
        for (int f = 0; f < codes.length; f++) {
            int[] from = codes[f];
            int[] to = picked[f];
            for (int i = 0; i < indices.length; i++) {
                to[i] = from[indices[i]];
            }
        }
        int[] l = new int[indices.length];
        float[] w = new float[indices.length];
        for (int i = 0; i < indices.length; i++) {
            l[i] = labels[indices[i]];
            w[i] = weights[indices[i]];
        }
        return new BinnedColumns(values, picked, l, w);
    }
}
