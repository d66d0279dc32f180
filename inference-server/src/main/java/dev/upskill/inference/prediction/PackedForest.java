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
            double[] c = cuts[f];
            double x = imputed[f];
            if (c.length == 0) {
                out[f] = (int) x;
                continue;
            }
            int lo = 0;
            int hi = c.length - 1;
            if (x <= c[0]) {
                out[f] = 0;
                continue;
            }
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (c[mid] <= x) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            out[f] = lo;
        }
        return out;
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
}
