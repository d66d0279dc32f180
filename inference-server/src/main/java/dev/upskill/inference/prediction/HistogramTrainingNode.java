package dev.upskill.inference.prediction;

import org.tribuo.ImmutableOutputInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.dtree.impurity.LabelImpurity;
import org.tribuo.common.tree.AbstractTrainingNode;
import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.Node;
import org.tribuo.util.Util;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A CART training node that finds its split from per-value histograms. The node owns the range
 * {@code [start, end)} of the tree's row array; to split on a feature it sums its rows' weights per (distinct
 * value, label) in one pass, then scans the values in order exactly as Tribuo's {@code ClassifierTrainingNode}
 * scans its inverted lists: the same candidate splits (midpoints between neighbouring values present in the
 * node), the same impurity arithmetic and tie-breaking (first best wins), the same leaf distributions (weighted
 * label counts normalised). Splitting partitions the range stably, so children see their rows in the original
 * order. Not thread-safe: one tree is built on one thread.
 */
final class HistogramTrainingNode extends AbstractTrainingNode<Label> {

    /** What all nodes of one tree share. */
    private record Tree(BinnedColumns columns, int[] rows, int[] scratch, float[] histogram, int[] present,
            LabelImpurity impurity, boolean gini, ImmutableOutputInfo<Label> labels) {
    }

    private final Tree tree;
    private final int start;
    private final int end;
    private final float[] labelCounts;
    private final float weightSum;

    private HistogramTrainingNode(Tree tree, int start, int end, int depth, LeafDeterminer leafDeterminer,
            float[] labelCounts, double impurity) {
        super(depth, end - start, leafDeterminer);
        this.tree = tree;
        this.start = start;
        this.end = end;
        this.labelCounts = labelCounts;
        this.weightSum = Util.sum(labelCounts);
        this.impurityScore = impurity;
    }

    static HistogramTrainingNode root(BinnedColumns columns, LabelImpurity impurity,
            ImmutableOutputInfo<Label> labels, LeafDeterminer leafDeterminer) {
        int n = columns.rows();
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        int maxValues = 1;
        for (double[] v : columns.values()) {
            maxValues = Math.max(maxValues, v.length);
        }
        int labelCount = labels.size();
        Tree tree = new Tree(columns, rows, new int[n], new float[maxValues * labelCount], new int[maxValues],
                impurity, impurity.getClass() == GiniIndex.class, labels);
        // Summed per value of the first feature, then over its values in order, as Tribuo sums the root's counts:
        // float sums depend on their order, and the counts decide near-ties between splits.
        float[] counts = new float[labelCount];
        if (columns.features() > 0) {
            int[] codes = columns.codes()[0];
            float[] perValue = new float[columns.values()[0].length * labelCount];
            for (int i = 0; i < n; i++) {
                perValue[codes[i] * labelCount + columns.labels()[i]] += columns.weights()[i];
            }
            for (int v = 0; v < columns.values()[0].length; v++) {
                for (int l = 0; l < labelCount; l++) {
                    counts[l] += perValue[v * labelCount + l];
                }
            }
        }
        return new HistogramTrainingNode(tree, 0, n, 0, leafDeterminer, counts, impurity.impurity(counts));
    }

    @Override
    public float getWeightSum() {
        return weightSum;
    }

    @Override
    public double getImpurity() {
        return impurityScore;
    }

    @Override
    public List<AbstractTrainingNode<Label>> buildTree(int[] featureIDs, SplittableRandom rng,
            boolean useRandomSplitPoints) {
        if (useRandomSplitPoints) {
            throw new UnsupportedOperationException("random split points are not supported");
        }
        int labelCount = labelCounts.length;
        BinnedColumns columns = tree.columns();
        int[] rows = tree.rows();
        int[] rowLabels = columns.labels();
        float[] rowWeights = columns.weights();
        float[] histogram = tree.histogram();
        int[] present = tree.present();
        float[] less = new float[labelCount];
        float[] greater = new float[labelCount];
        float[] bestLess = new float[labelCount];
        float[] bestGreater = new float[labelCount];
        double bestScore = impurityScore;
        int bestFeature = -1;
        int bestCode = -1;
        double bestValue = 0;
        for (int feature : featureIDs) {
            double[] values = columns.values()[feature];
            int[] codes = columns.codes()[feature];
            Arrays.fill(histogram, 0, values.length * labelCount, 0f);
            Arrays.fill(present, 0, values.length, 0);
            for (int p = start; p < end; p++) {
                int row = rows[p];
                int code = codes[row];
                histogram[code * labelCount + rowLabels[row]] += rowWeights[row];
                present[code]++;
            }
            Arrays.fill(less, 0f);
            System.arraycopy(labelCounts, 0, greater, 0, labelCount);
            int previous = -1;
            for (int code = 0; code < values.length; code++) {
                if (present[code] == 0) {
                    continue;
                }
                if (previous >= 0) {
                    // A split between the previous present value and this one; Tribuo adds the lower value's
                    // counts to the left side first, then scores.
                    for (int l = 0; l < labelCount; l++) {
                        float c = histogram[previous * labelCount + l];
                        less[l] += c;
                        greater[l] -= c;
                    }
                    double score = (impurityWeighted(less) + impurityWeighted(greater)) / weightSum;
                    if (score < bestScore) {
                        bestScore = score;
                        bestFeature = feature;
                        bestCode = previous;
                        bestValue = (values[previous] + values[code]) / 2.0;
                        System.arraycopy(less, 0, bestLess, 0, labelCount);
                        System.arraycopy(greater, 0, bestGreater, 0, labelCount);
                    }
                }
                previous = code;
            }
        }
        double impurityDecrease = weightSum * (impurityScore - bestScore);
        if (bestFeature < 0 || impurityDecrease < leafDeterminer.getScaledMinImpurityDecrease()) {
            return List.of();
        }
        return splitAt(bestFeature, bestCode, bestValue, bestLess, bestGreater);
    }

    /**
     * {@link LabelImpurity#impurityWeighted(float[])}; for Gini the same arithmetic in the same order without its
     * temporary array, as it runs for every candidate split.
     */
    private double impurityWeighted(float[] counts) {
        if (!tree.gini()) {
            return tree.impurity().impurityWeighted(counts);
        }
        double sum = 0;
        for (float c : counts) {
            sum += c;
        }
        double gini = 0;
        for (float c : counts) {
            double p = c / sum;
            gini += p * (1.0 - p);
        }
        return sum * gini;
    }

    private List<AbstractTrainingNode<Label>> splitAt(int feature, int lastLeftCode, double value, float[] less,
            float[] greater) {
        splitID = feature;
        split = true;
        splitValue = value;
        double lessImpurity = tree.impurity().impurity(less);
        double greaterImpurity = tree.impurity().impurity(greater);
        boolean lessLeaf = shouldMakeLeaf(lessImpurity, Util.sum(less));
        boolean greaterLeaf = shouldMakeLeaf(greaterImpurity, Util.sum(greater));
        if (lessLeaf && greaterLeaf) {
            lessThanOrEqual = leaf(lessImpurity, less);
            greaterThan = leaf(greaterImpurity, greater);
            return List.of();
        }
        int middle = partition(tree.columns().codes()[feature], lastLeftCode);
        List<AbstractTrainingNode<Label>> children = new ArrayList<>(2);
        if (lessLeaf) {
            lessThanOrEqual = leaf(lessImpurity, less);
        } else {
            HistogramTrainingNode child = new HistogramTrainingNode(tree, start, middle, depth + 1, leafDeterminer,
                    less, lessImpurity);
            lessThanOrEqual = child;
            children.add(child);
        }
        if (greaterLeaf) {
            greaterThan = leaf(greaterImpurity, greater);
        } else {
            HistogramTrainingNode child = new HistogramTrainingNode(tree, middle, end, depth + 1, leafDeterminer,
                    greater, greaterImpurity);
            greaterThan = child;
            children.add(child);
        }
        return children;
    }

    /** Moves rows with code ≤ {@code lastLeftCode} to the front of the range, keeping order; returns the boundary. */
    private int partition(int[] codes, int lastLeftCode) {
        int[] rows = tree.rows();
        int[] scratch = tree.scratch();
        int left = start;
        int right = 0;
        for (int p = start; p < end; p++) {
            int row = rows[p];
            if (codes[row] <= lastLeftCode) {
                rows[left++] = row;
            } else {
                scratch[right++] = row;
            }
        }
        System.arraycopy(scratch, 0, rows, left, right);
        return left;
    }

    /** A leaf like Tribuo's: the normalised weighted label counts, the most likely label as its output. */
    private LeafNode<Label> leaf(double impurity, float[] counts) {
        double[] distribution = Util.normalizeToDistribution(counts);
        double maxScore = Double.NEGATIVE_INFINITY;
        Label maxLabel = null;
        Map<String, Label> scores = new LinkedHashMap<>();
        for (int i = 0; i < counts.length; i++) {
            String name = tree.labels().getOutput(i).getLabel();
            Label label = new Label(name, distribution[i]);
            scores.put(name, label);
            if (distribution[i] > maxScore) {
                maxScore = distribution[i];
                maxLabel = label;
            }
        }
        return new LeafNode<>(impurity, maxLabel, scores, true);
    }

    @Override
    public Node<Label> convertTree() {
        return split ? createSplitNode() : leaf(impurityScore, labelCounts);
    }
}
