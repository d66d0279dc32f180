package dev.upskill.inference.prediction;

import org.junit.jupiter.api.Test;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.dataset.DatasetView;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HistogramTrainingNodeTest {

    private static MutableDataset<Label> snappedSample(int n, long seed) {
        List<LabelledRow> rows = SampleData.generate(n, seed, 0.02);
        List<double[]> raw = rows.stream().map(LabelledRow::features).toList();
        Imputer imputer = Imputer.fit(raw);
        List<double[]> imputed = raw.stream().map(imputer::apply).toList();
        Quantizer quantizer = Quantizer.fit(imputed, Quantizer.DEFAULT_BINS);
        List<double[]> snapped = imputed.stream().map(quantizer::apply).toList();
        boolean[] labels = AssignmentTraining.labels(rows);
        return ForestTrainer.dataset(snapped, labels, ForestTrainer.balancedWeights(labels));
    }

    /** The point of the node: the very tree Tribuo's own CART builds from the same bootstrap and seed. */
    @Test
    void buildsTheSameTreesAsTribuosCart() {
        MutableDataset<Label> data = snappedSample(2000, 3);
        BinnedColumns columns = BinnedColumns.of(data);
        int[] sameTrees = new int[1];
        for (long seed = 1; seed <= 8; seed++) {
            DatasetView<Label> bootstrap = DatasetView.createBootstrapView(data, data.size(), seed,
                    data.getFeatureIDMap(), data.getOutputIDInfo());
            TreeModel<Label> stock = ForestTrainer.cart(seed).train(bootstrap);
            TreeModel<Label> viaSource = ForestTrainer.histogramCart(seed, data, columns).train(bootstrap);
            TreeModel<Label> binnedAfresh = ForestTrainer.histogramCart(seed, null, null).train(bootstrap);
            assertSameTree(stock.getRoot(), viaSource.getRoot());
            assertSameTree(stock.getRoot(), binnedAfresh.getRoot());
            sameTrees[0]++;
        }
        assertEquals(8, sameTrees[0]);
    }

    @Test
    void separatesSeparableDataAndRespectsDepthAndLeafWeight() {
        Random random = new Random(5);
        List<double[]> rows = new ArrayList<>();
        boolean[] labels = new boolean[400];
        for (int i = 0; i < labels.length; i++) {
            double[] row = new double[AssignmentFeature.COUNT];
            for (int f = 0; f < row.length; f++) {
                row[f] = random.nextInt(10);
            }
            labels[i] = row[9] >= 5;
            rows.add(row);
        }
        MutableDataset<Label> data = ForestTrainer.dataset(rows, labels, ForestTrainer.balancedWeights(labels));
        TreeModel<Label> tree = new HistogramCARTTrainer(ForestTrainer.MAX_DEPTH, ForestTrainer.MIN_ROWS_PER_LEAF,
                1.0f, new org.tribuo.classification.dtree.impurity.GiniIndex(), 1, null, null).train(data);
        SplitNode<Label> root = assertInstanceOf(SplitNode.class, tree.getRoot());
        assertEquals(AssignmentFeature.names().indexOf("skill_match_score"),
                AssignmentFeature.names().indexOf(tree.getFeatureIDMap().get(root.getFeatureID()).getName()));
        assertEquals(4.5, root.splitValue(), 1e-12);
        // Float count residues (Tribuo subtracts to get the right side's counts) may split the pure side further,
        // as Tribuo's own CART does, but every row is classified right.
        for (var example : data) {
            assertEquals(example.getOutput(), tree.predict(example).getOutput());
        }

        TreeModel<Label> shallow = new HistogramCARTTrainer(3, 20f, 1.0f,
                new org.tribuo.classification.dtree.impurity.GiniIndex(), 1, null, null)
                .train(snappedSample(1000, 9));
        assertTrue(depth(shallow.getRoot()) <= 3);
    }

    private static int depth(Node<Label> node) {
        if (node instanceof SplitNode<Label> s) {
            return 1 + Math.max(depth(s.getLessThanOrEqual()), depth(s.getGreaterThan()));
        }
        return 0;
    }

    private static void assertSameTree(Node<Label> expected, Node<Label> actual) {
        if (expected instanceof SplitNode<Label> e) {
            SplitNode<Label> a = assertInstanceOf(SplitNode.class, actual);
            assertEquals(e.getFeatureID(), a.getFeatureID());
            assertEquals(e.splitValue(), a.splitValue(), 1e-12);
            assertSameTree(e.getLessThanOrEqual(), a.getLessThanOrEqual());
            assertSameTree(e.getGreaterThan(), a.getGreaterThan());
        } else {
            LeafNode<Label> e = (LeafNode<Label>) expected;
            LeafNode<Label> a = assertInstanceOf(LeafNode.class, actual);
            assertEquals(e.getDistribution().keySet(), a.getDistribution().keySet());
            for (String label : e.getDistribution().keySet()) {
                assertEquals(e.getDistribution().get(label).getScore(), a.getDistribution().get(label).getScore(),
                        1e-5);
            }
        }
    }
}
