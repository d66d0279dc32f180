package dev.upskill.inference.prediction;

import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.ensemble.WeightedEnsembleModel;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A random forest flattened into arrays: for every node its feature index (-1 for a leaf), threshold, children
 * and value. A row goes left when {@code row[feature] <= threshold} (as in Tribuo's {@code SplitNode}). A
 * leaf's value is its probability of success; an inner node's value is the average of its children's values
 * weighted by the training weight that reached each child, so that along any path the changes of value
 * telescope from the root's value to the leaf's (Saabas contributions sum exactly to the probability).
 * The forest's probability is the mean of the trees' leaf probabilities. Immutable and thread-safe.
 */
public final class CompiledForest {

    static final String SUCCESS = "true";

    private final int[] roots;
    private final int[] feature;
    private final double[] threshold;
    private final int[] left;
    private final int[] right;
    private final double[] value;
    private final double baseProbability;

    private CompiledForest(int[] roots, int[] feature, double[] threshold, int[] left, int[] right, double[] value) {
        this.roots = roots;
        this.feature = feature;
        this.threshold = threshold;
        this.left = left;
        this.right = right;
        this.value = value;
        double base = 0;
        for (int root : roots) {
            base += value[root];
        }
        this.baseProbability = base / roots.length;
    }

    /**
     * Flattens a Tribuo forest of CART trees, then sets the inner nodes' values from the (snapped, imputed)
     * training rows and their weights.
     */
    public static CompiledForest compile(WeightedEnsembleModel<Label> forest, List<double[]> trainingRows,
            double[] weights) {
        Builder b = new Builder();
        List<Integer> roots = new ArrayList<>();
        for (Model<Label> member : forest.getModels()) {
            TreeModel<Label> tree = (TreeModel<Label>) member;
            int[] featureOfId = new int[tree.getFeatureIDMap().size()];
            for (int id = 0; id < featureOfId.length; id++) {
                featureOfId[id] = AssignmentFeature.names().indexOf(tree.getFeatureIDMap().get(id).getName());
            }
            roots.add(b.add(tree.getRoot(), featureOfId));
        }
        int n = b.size;
        int[] rootArray = roots.stream().mapToInt(Integer::intValue).toArray();
        double[] weightIn = new double[n];
        double[] value = java.util.Arrays.copyOf(b.value, n);
        // Tree by tree, so that one tree's nodes stay in cache while all rows pass through it, and trees in
        // parallel: each tree writes only its own nodes' entries. Rows are added in the same order either way.
        double[][] rows = trainingRows.toArray(double[][]::new);
        int[] feature = b.feature;
        double[] threshold = b.threshold;
        int[] left = b.left;
        int[] right = b.right;
        java.util.stream.IntStream.range(0, rootArray.length).parallel().forEach(t -> {
            int root = rootArray[t];
            for (int r = 0; r < rows.length; r++) {
                double[] row = rows[r];
                int node = root;
                while (feature[node] >= 0) {
                    weightIn[node] += weights[r];
                    node = row[feature[node]] <= threshold[node] ? left[node] : right[node];
                }
                weightIn[node] += weights[r];
            }
        });
        for (int root : rootArray) {
            fillInner(root, b.feature, b.left, b.right, weightIn, value);
        }
        return new CompiledForest(rootArray, java.util.Arrays.copyOf(b.feature, n),
                java.util.Arrays.copyOf(b.threshold, n), java.util.Arrays.copyOf(b.left, n),
                java.util.Arrays.copyOf(b.right, n), value);
    }

    private static double fillInner(int node, int[] feature, int[] left, int[] right, double[] w, double[] value) {
        if (feature[node] < 0) {
            return value[node];
        }
        double l = fillInner(left[node], feature, left, right, w, value);
        double r = fillInner(right[node], feature, left, right, w, value);
        double wl = w[left[node]];
        double wr = w[right[node]];
        value[node] = wl + wr > 0 ? (wl * l + wr * r) / (wl + wr) : (l + r) / 2;
        return value[node];
    }

    /** Probability of success of a snapped, imputed row. */
    public double probability(double[] row) {
        double sum = 0;
        for (int root : roots) {
            int node = root;
            int f;
            while ((f = feature[node]) >= 0) {
                node = row[f] <= threshold[node] ? left[node] : right[node];
            }
            sum += value[node];
        }
        return sum / roots.length;
    }

    /**
     * Probability of success, with each feature's contribution added into {@code contributions} (length 11,
     * zeroed by the caller): probability = {@link #baseProbability()} + the sum of contributions.
     */
    public double explain(double[] row, double[] contributions) {
        double sum = 0;
        double scale = 1.0 / roots.length;
        for (int root : roots) {
            int node = root;
            int f;
            while ((f = feature[node]) >= 0) {
                int next = row[f] <= threshold[node] ? left[node] : right[node];
                contributions[f] += (value[next] - value[node]) * scale;
                node = next;
            }
            sum += value[node];
        }
        return sum * scale;
    }

    int featureAt(int node) {
        return feature[node];
    }

    double thresholdAt(int node) {
        return threshold[node];
    }

    int leftAt(int node) {
        return left[node];
    }

    int rightAt(int node) {
        return right[node];
    }

    double[] values() {
        return value;
    }

    int[] rootArray() {
        return roots;
    }

    public double baseProbability() {
        return baseProbability;
    }

    public int trees() {
        return roots.length;
    }

    public int nodes() {
        return feature.length;
    }

    void write(DataOutputStream out) throws IOException {
        out.writeInt(roots.length);
        for (int root : roots) {
            out.writeInt(root);
        }
        out.writeInt(feature.length);
        for (int i = 0; i < feature.length; i++) {
            out.writeByte(feature[i]);
            out.writeDouble(threshold[i]);
            out.writeInt(left[i]);
            out.writeInt(right[i]);
            out.writeDouble(value[i]);
        }
    }

    static CompiledForest read(DataInputStream in) throws IOException {
        int[] roots = new int[in.readInt()];
        for (int i = 0; i < roots.length; i++) {
            roots[i] = in.readInt();
        }
        int n = in.readInt();
        int[] feature = new int[n];
        double[] threshold = new double[n];
        int[] left = new int[n];
        int[] right = new int[n];
        double[] value = new double[n];
        for (int i = 0; i < n; i++) {
            feature[i] = in.readByte();
            threshold[i] = in.readDouble();
            left[i] = in.readInt();
            right[i] = in.readInt();
            value[i] = in.readDouble();
        }
        return new CompiledForest(roots, feature, threshold, left, right, value);
    }

    private static final class Builder {
        int size;
        int[] feature = new int[1024];
        double[] threshold = new double[1024];
        int[] left = new int[1024];
        int[] right = new int[1024];
        double[] value = new double[1024];

        int add(Node<Label> node, int[] featureOfId) {
            int id = size++;
            if (id == feature.length) {
                int cap = feature.length * 2;
                feature = java.util.Arrays.copyOf(feature, cap);
                threshold = java.util.Arrays.copyOf(threshold, cap);
                left = java.util.Arrays.copyOf(left, cap);
                right = java.util.Arrays.copyOf(right, cap);
                value = java.util.Arrays.copyOf(value, cap);
            }
            if (node instanceof SplitNode<Label> split) {
                feature[id] = featureOfId[split.getFeatureID()];
                threshold[id] = split.splitValue();
                int l = add(split.getLessThanOrEqual(), featureOfId);
                int r = add(split.getGreaterThan(), featureOfId);
                left[id] = l;
                right[id] = r;
            } else {
                LeafNode<Label> leaf = (LeafNode<Label>) node;
                feature[id] = -1;
                value[id] = successProbability(leaf.getDistribution());
            }
            return id;
        }
    }

    static double successProbability(Map<String, Label> distribution) {
        double total = 0;
        double success = 0;
        for (Map.Entry<String, Label> e : distribution.entrySet()) {
            total += e.getValue().getScore();
            if (e.getKey().equals(SUCCESS)) {
                success += e.getValue().getScore();
            }
        }
        return total > 0 ? success / total : 0;
    }
}
