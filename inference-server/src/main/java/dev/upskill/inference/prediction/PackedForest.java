package dev.upskill.inference.prediction;

/**
 * The serving layout of a {@link CompiledForest}: one {@code long} per node, in depth-first order so a left
 * child is the next node, and inputs as small integers instead of doubles. A numeric feature's input is the
 * index of its snapped value among the {@link Quantizer}'s cut values, a category's its code; a split's
 * threshold becomes the largest such integer that goes left. Since every input the forest sees is a cut value
 * (or a code), {@code ordinal <= ordinalThreshold} decides exactly as {@code value <= threshold}; the forest
 * is 8 bytes a node instead of 28 in five arrays, which is what a prediction's 100 tree walks wait on.
 *
 * <p>A node's long: bits 63-32 the ordinal threshold, 31-24 the feature (255: a leaf), 23-0 the offset of
 * the right child from the node.
 */
final class PackedForest {

    private static final int LEAF = 0xFF;

    private final long[] nodes;
    private final double[] value;
    private final int[] roots;
    private final double[][] cuts;
    private final double scale;

    private PackedForest(long[] nodes, double[] value, int[] roots, double[][] cuts) {
        this.nodes = nodes;
        this.value = value;
        this.roots = roots;
        this.cuts = cuts;
        this.scale = 1.0 / roots.length;
    }

    static PackedForest of(CompiledForest forest, Quantizer quantizer) {
        int n = forest.nodes();
        long[] nodes = new long[n];
        double[][] cuts = quantizer.cuts();
        for (int i = 0; i < n; i++) {
            int f = forest.featureAt(i);
            if (f < 0) {
                nodes[i] = (long) LEAF << 24;
                continue;
            }
            if (forest.leftAt(i) != i + 1) {
                throw new IllegalStateException("forest is not in depth-first order at node " + i);
            }
            int offset = forest.rightAt(i) - i;
            if (offset <= 0 || offset >= 1 << 24) {
                throw new IllegalStateException("right child out of range at node " + i);
            }
            int threshold = ordinalThreshold(cuts[f], forest.thresholdAt(i));
            nodes[i] = ((long) threshold << 32) | ((long) f << 24) | offset;
        }
        return new PackedForest(nodes, forest.values(), forest.rootArray(), cuts);
    }

    private static int ordinalThreshold(double[] c, double threshold) {
        if (c.length == 0) {
            return (int) Math.floor(threshold); // a category code
        }
        int last = -1;
        for (int i = 0; i < c.length && c[i] <= threshold; i++) {
            last = i;
        }
        return last;
    }

    /** Inputs of an imputed row: cut indices for numeric features, codes for categories. */
    int[] ordinals(double[] imputed) {
        int[] out = new int[imputed.length];
        for (int f = 0; f < out.length; f++) {
            out[f] = ordinal(f, imputed[f]);
        }
        return out;
    }

    /**
     * Inputs of a raw row into {@code out[at..at + 11)}, a missing value taken from {@code fill}: the same as
     * {@code ordinals(imputer.apply(raw))} without the copy.
     */
    void ordinals(double[] raw, double[] fill, int[] out, int at) {
        for (int f = 0; f < raw.length; f++) {
            double x = raw[f];
            out[at + f] = ordinal(f, Double.isNaN(x) ? fill[f] : x);
        }
    }

    private int ordinal(int f, double x) {
        double[] c = cuts[f];
        if (c.length == 0) {
            return (int) x;
        }
        if (x <= c[0]) {
            return 0;
        }
        int lo = 0;
        int hi = c.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (c[mid] <= x) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    double probability(int[] x) {
        long[] nodes = this.nodes;
        double sum = 0;
        for (int root : roots) {
            int node = root;
            long e = nodes[node];
            int f;
            while ((f = (int) (e >>> 24) & 0xFF) != LEAF) {
                node = x[f] <= (int) (e >> 32) ? node + 1 : node + (int) (e & 0xFFFFFF);
                e = nodes[node];
            }
            sum += value[node];
        }
        return sum * scale;
    }

    /**
     * Probabilities of many rows, tree by tree: one tree's nodes (a few tens of KB) stay in cache while every
     * row walks it, instead of every row walking all 100 trees through memory.
     */
    void probabilities(int[][] xs, double[] out) {
        long[] nodes = this.nodes;
        java.util.Arrays.fill(out, 0, xs.length, 0);
        for (int root : roots) {
            for (int r = 0; r < xs.length; r++) {
                int[] x = xs[r];
                int node = root;
                long e = nodes[node];
                int f;
                while ((f = (int) (e >>> 24) & 0xFF) != LEAF) {
                    node = x[f] <= (int) (e >> 32) ? node + 1 : node + (int) (e & 0xFFFFFF);
                    e = nodes[node];
                }
                out[r] += value[node];
            }
        }
        for (int r = 0; r < xs.length; r++) {
            out[r] *= scale;
        }
    }

    double explain(int[] x, double[] contributions) {
        long[] nodes = this.nodes;
        double sum = 0;
        for (int root : roots) {
            int node = root;
            long e = nodes[node];
            int f;
            while ((f = (int) (e >>> 24) & 0xFF) != LEAF) {
                int next = x[f] <= (int) (e >> 32) ? node + 1 : node + (int) (e & 0xFFFFFF);
                contributions[f] += (value[next] - value[node]) * scale;
                node = next;
                e = nodes[node];
            }
            sum += value[node];
        }
        return sum * scale;
    }

    /**
     * {@link #explain} for a block of rows at once, tree by tree: row {@code r}'s inputs are
     * {@code xs[r * 11 .. r * 11 + 11)}, its probability goes to {@code probabilities[r]} and its contributions are
     * added into {@code contributions[r * 11 ..]} (zeroed by the caller). Every row sees the trees, and the nodes of
     * a path, in the same order as in {@link #explain}, so the sums are the same to the last bit. A block of 128 rows
     * (5.5 KB of inputs, 11 KB of contributions) and one tree's nodes and values stay in L1/L2 while the block walks
     * it.
     */
    void explainBlock(int[] xs, int rows, double[] probabilities, double[] contributions) {
        long[] nodes = this.nodes;
        double[] value = this.value;
        double scale = this.scale;
        int width = AssignmentFeature.COUNT;
        java.util.Arrays.fill(probabilities, 0, rows, 0);
        for (int root : roots) {
            for (int r = 0, at = 0; r < rows; r++, at += width) {
                int node = root;
                long e = nodes[node];
                double v = value[node];
                int f;
                while ((f = (int) (e >>> 24) & 0xFF) != LEAF) {
                    int next = node + step(xs[at + f], e);
                    double w = value[next];
                    contributions[at + f] += (w - v) * scale;
                    node = next;
                    v = w;
                    e = nodes[node];
                }
                probabilities[r] += v;
            }
        }
        for (int r = 0; r < rows; r++) {
            probabilities[r] *= scale;
        }
    }

    /** {@link #probability} for a block of rows laid out as in {@link #explainBlock}, tree by tree. */
    void probabilityBlock(int[] xs, int rows, double[] probabilities) {
        long[] nodes = this.nodes;
        double[] value = this.value;
        int width = AssignmentFeature.COUNT;
        java.util.Arrays.fill(probabilities, 0, rows, 0);
        for (int root : roots) {
            for (int r = 0, at = 0; r < rows; r++, at += width) {
                int node = root;
                long e = nodes[node];
                int f;
                while ((f = (int) (e >>> 24) & 0xFF) != LEAF) {
                    node += step(xs[at + f], e);
                    e = nodes[node];
                }
                probabilities[r] += value[node];
            }
        }
        for (int r = 0; r < rows; r++) {
            probabilities[r] *= scale;
        }
    }

    /**
     * From a split node to the child an input goes to: 1 (left) when {@code x <= threshold}, else the right
     * offset. Without a branch: which side a row takes is a coin toss for the branch predictor, and the blocks
     * above walk thousands of such steps a row. Inputs and thresholds are small (-1 .. a few hundred), so
     * {@code threshold - x} does not overflow and its sign bit is "goes right".
     */
    private static int step(int x, long e) {
        int right = ((int) (e >> 32) - x) >>> 31;
        return 1 + (((int) (e & 0xFFFFFF) - 1) & -right);
    }
}
