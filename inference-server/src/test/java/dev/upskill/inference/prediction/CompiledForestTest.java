package dev.upskill.inference.prediction;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.ensemble.WeightedEnsembleModel;
import org.tribuo.impl.ArrayExample;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompiledForestTest {

    private static List<double[]> snapped;
    private static WeightedEnsembleModel<Label> tribuo;
    private static CompiledForest compiled;
    private static Imputer imputer;
    private static Quantizer quantizer;

    @BeforeAll
    static void train() {
        List<LabelledRow> rows = SampleData.generate(1500, 7, 0.02);
        List<double[]> raw = rows.stream().map(LabelledRow::features).toList();
        imputer = Imputer.fit(raw);
        List<double[]> imputed = raw.stream().map(imputer::apply).toList();
        quantizer = Quantizer.fit(imputed, Quantizer.DEFAULT_BINS);
        snapped = imputed.stream().map(r -> quantizer.apply(r.clone())).toList();
        boolean[] labels = AssignmentTraining.labels(rows);
        double[] weights = ForestTrainer.balancedWeights(labels);
        MutableDataset<Label> data = ForestTrainer.dataset(snapped, labels, weights);
        tribuo = ForestTrainer.train(data, 42, 2, () -> false);
        compiled = CompiledForest.compile(tribuo, snapped, weights);
    }

    @Test
    void compiledForestGivesTribuosProbabilities() {
        String[] names = AssignmentFeature.names().toArray(String[]::new);
        List<LabelledRow> fresh = SampleData.generate(300, 99, 0);
        for (LabelledRow row : fresh) {
            double[] x = row.features().clone();
            for (int f = 0; f < x.length; f++) {
                // Snapped values and values in between, on both sides of the thresholds.
                x[f] = x[f];
            }
            Prediction<Label> p = tribuo.predict(new ArrayExample<>(new Label("true"), names, x));
            double expected = CompiledForest.successProbability(p.getOutputScores());
            assertEquals(expected, compiled.probability(x), 1e-9);
        }
        for (double[] x : snapped.subList(0, 300)) {
            Prediction<Label> p = tribuo.predict(new ArrayExample<>(new Label("true"), names, x));
            assertEquals(CompiledForest.successProbability(p.getOutputScores()), compiled.probability(x), 1e-9);
        }
    }

    @Test
    void packedServingLayoutDecidesExactlyAsTheCompiledForest() {
        AssignmentModel model = new AssignmentModel(imputer, quantizer, compiled);
        for (LabelledRow row : SampleData.generate(500, 123, 0.1)) {
            double[] filled = imputer.apply(row.features());
            double[] snapped = quantizer.apply(filled.clone());
            assertEquals(compiled.probability(snapped), model.probability(row.features()), 1e-12);
            double[] expected = new double[AssignmentFeature.COUNT];
            double[] actual = new double[AssignmentFeature.COUNT];
            compiled.explain(snapped, expected);
            assertEquals(compiled.probability(snapped), model.explainImputed(filled, actual), 1e-12);
            for (int f = 0; f < expected.length; f++) {
                assertEquals(expected[f], actual[f], 1e-12);
            }
        }
        // Many rows at once, tree by tree: the same probabilities.
        List<double[]> raws = SampleData.generate(300, 321, 0.1).stream().map(LabelledRow::features).toList();
        dev.upskill.proto.v1.SuccessPrediction[] all = Predictor.predictAll(model,
                raws.toArray(double[][]::new), 0.6, 0);
        for (int i = 0; i < all.length; i++) {
            assertEquals(model.probability(raws.get(i)), all[i].getProbability(), 1e-12);
            assertEquals(Predictor.predict(model, raws.get(i), 0.6, 0), all[i]);
        }
        // Values between and outside the cut values.
        for (double skill = -0.01; skill <= 1.01; skill += 0.001) {
            double[] raw = SampleData.generate(1, 5, 0).get(0).features();
            raw[9] = Math.max(0, Math.min(1, skill));
            double[] snapped = quantizer.apply(imputer.apply(raw));
            assertEquals(compiled.probability(snapped), model.probability(raw), 1e-12);
        }
    }

    @Test
    void contributionsAndBaseSumToTheProbability() {
        for (double[] x : snapped.subList(0, 500)) {
            double[] contributions = new double[AssignmentFeature.COUNT];
            double p = compiled.explain(x, contributions);
            double sum = compiled.baseProbability();
            for (double c : contributions) {
                sum += c;
            }
            assertEquals(compiled.probability(x), p, 1e-12);
            assertEquals(p, sum, 1e-9);
        }
    }

    @Test
    void trainingBeatsChanceAndIsSeeded() {
        List<LabelledRow> rows = SampleData.generate(1500, 3, 0.02);
        AssignmentTraining training = new AssignmentTraining(2, Quantizer.DEFAULT_BINS);
        AssignmentTraining.Result a = training.run(rows, 42, 0.6, "test", () -> false);
        assertTrue(a.testMetrics().rocAuc() > 0.7, "ROC-AUC " + a.testMetrics().rocAuc());
        assertTrue(Math.abs(a.testMetrics().rows() - 300) <= 1);
        assertEquals(AssignmentTraining.FOLDS, a.folds().size());
        AssignmentModel again = training.fit(
                AssignmentTraining.stratifiedFolds(rows, 5, 42).subList(1, 5).stream().flatMap(List::stream).toList(),
                42, () -> false);
        assertEquals(a.model().version(), again.version());
    }
}
