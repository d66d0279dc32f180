package dev.upskill.inference.prediction;

import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.ensemble.WeightedEnsembleModel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * One training run: a stratified, seeded 80/20 split; 5-fold stratified cross-validation on the 80 %; the
 * final forest on the whole 80 %, evaluated on the 20 %. Imputation and snapping are fitted on the rows each
 * forest trains on, never on the rows it is tested on.
 */
public final class AssignmentTraining {

    public static final int FOLDS = 5;

    /** The outcome of a run. {@code testRows}/{@code testLabels} let a serving model be scored on the same split. */
    public record Result(AssignmentModel model, Instant trainedAt, long trainingMillis, int trainingRows,
            List<double[]> testRows, boolean[] testLabels, Metrics testMetrics, List<Metrics> folds, double threshold,
            long seed, String dataSource) {
    }

    private final int threads;
    private final int bins;

    public AssignmentTraining(int threads, int bins) {
        this.threads = threads;
        this.bins = bins;
    }

    public Result run(List<LabelledRow> rows, long seed, double threshold, String dataSource,
            BooleanSupplier cancelled) {
        long start = System.nanoTime();
        List<List<LabelledRow>> split = stratifiedFolds(rows, 5, seed);
        List<LabelledRow> test = split.get(0);
        List<LabelledRow> train = new ArrayList<>();
        for (int i = 1; i < 5; i++) {
            train.addAll(split.get(i));
        }
        List<List<LabelledRow>> folds = stratifiedFolds(train, FOLDS, seed + 1);
        List<Metrics> foldMetrics = new ArrayList<>();
        for (int k = 0; k < FOLDS; k++) {
            List<LabelledRow> fit = new ArrayList<>();
            for (int j = 0; j < FOLDS; j++) {
                if (j != k) {
                    fit.addAll(folds.get(j));
                }
            }
            AssignmentModel foldModel = fit(fit, seed + 2 + k, cancelled);
            foldMetrics.add(evaluate(foldModel, folds.get(k), threshold));
        }
        AssignmentModel model = fit(train, seed, cancelled);
        Metrics testMetrics = evaluate(model, test, threshold);
        List<double[]> testRows = test.stream().map(LabelledRow::features).toList();
        boolean[] testLabels = labels(test);
        return new Result(model, Instant.now(), (System.nanoTime() - start) / 1_000_000, train.size(), testRows,
                testLabels, testMetrics, foldMetrics, threshold, seed, dataSource);
    }

    /** Fits imputation, snapping and the forest on {@code rows}. */
    public AssignmentModel fit(List<LabelledRow> rows, long seed, BooleanSupplier cancelled) {
        List<double[]> raw = rows.stream().map(LabelledRow::features).toList();
        Imputer imputer = Imputer.fit(raw);
        List<double[]> imputed = raw.stream().map(imputer::apply).toList();
        Quantizer quantizer = Quantizer.fit(imputed, bins);
        List<double[]> snapped = imputed.stream().map(quantizer::apply).toList();
        boolean[] labels = labels(rows);
        double[] weights = ForestTrainer.balancedWeights(labels);
        MutableDataset<Label> data = ForestTrainer.dataset(snapped, labels, weights);
        WeightedEnsembleModel<Label> forest = ForestTrainer.train(data, seed, threads, cancelled);
        return new AssignmentModel(imputer, quantizer, CompiledForest.compile(forest, snapped, weights));
    }

    public static Metrics evaluate(AssignmentModel model, List<LabelledRow> rows, double threshold) {
        return evaluate(model, rows.stream().map(LabelledRow::features).toList(), labels(rows), threshold);
    }

    public static Metrics evaluate(AssignmentModel model, List<double[]> rows, boolean[] labels, double threshold) {
        double[] p = new double[rows.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = model.probability(rows.get(i));
        }
        return Metrics.of(p, labels, threshold);
    }

    static boolean[] labels(List<LabelledRow> rows) {
        boolean[] labels = new boolean[rows.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = rows.get(i).success();
        }
        return labels;
    }

    /** Splits rows into {@code k} folds with the same share of successes each, seeded. */
    public static List<List<LabelledRow>> stratifiedFolds(List<LabelledRow> rows, int k, long seed) {
        List<LabelledRow> positives = new ArrayList<>();
        List<LabelledRow> negatives = new ArrayList<>();
        for (LabelledRow row : rows) {
            (row.success() ? positives : negatives).add(row);
        }
        Random random = new Random(seed);
        java.util.Collections.shuffle(positives, random);
        java.util.Collections.shuffle(negatives, random);
        List<List<LabelledRow>> folds = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            folds.add(new ArrayList<>());
        }
        for (int i = 0; i < positives.size(); i++) {
            folds.get(i % k).add(positives.get(i));
        }
        for (int i = 0; i < negatives.size(); i++) {
            folds.get(i % k).add(negatives.get(i));
        }
        return folds;
    }
}
