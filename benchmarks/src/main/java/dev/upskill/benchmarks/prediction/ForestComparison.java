package dev.upskill.benchmarks.prediction;

import dev.upskill.inference.prediction.AssignmentFeature;
import dev.upskill.inference.prediction.AssignmentModel;
import dev.upskill.inference.prediction.AssignmentTraining;
import dev.upskill.inference.prediction.ForestTrainer;
import dev.upskill.inference.prediction.Imputer;
import dev.upskill.inference.prediction.LabelledRow;
import dev.upskill.inference.prediction.Metrics;
import dev.upskill.inference.prediction.Quantizer;
import dev.upskill.inference.prediction.SampleData;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.ensemble.WeightedEnsembleModel;
import org.tribuo.impl.ArrayExample;

import java.util.ArrayList;
import java.util.List;

/**
 * Stock Tribuo {@code RandomForestTrainer} (raw features, one tree at a time) against the server's forest
 * (features snapped to 64 values, trees on all cores) on the same 80/20 split of 10,000 sample rows: training
 * time and ROC-AUC on the 20 %. {@code java -cp benchmarks/target/benchmarks.jar
 * dev.upskill.benchmarks.prediction.ForestComparison [rows] [seed]}.
 */
public final class ForestComparison {

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 42;
        List<LabelledRow> rows = SampleData.generate(n, seed, 0.02);
        List<List<LabelledRow>> folds = AssignmentTraining.stratifiedFolds(rows, 5, seed);
        List<LabelledRow> test = folds.get(0);
        List<LabelledRow> train = new ArrayList<>();
        folds.subList(1, 5).forEach(train::addAll);
        int threads = Runtime.getRuntime().availableProcessors();

        for (int repeat = 0; repeat < 2; repeat++) {
            long t0 = System.nanoTime();
            AssignmentModel fast = new AssignmentTraining(threads, Quantizer.DEFAULT_BINS)
                    .fit(train, seed, () -> false);
            long fastMillis = (System.nanoTime() - t0) / 1_000_000;
            double fastAuc = AssignmentTraining.evaluate(fast, test, 0.6).rocAuc();
            System.out.printf("fast forest (64 values/feature, %d threads): %d ms, test ROC-AUC %.4f, %d nodes%n",
                    threads, fastMillis, fastAuc, fast.forest().nodes());
        }
        for (int bins : new int[] {32, 128, 256}) {
            long t0 = System.nanoTime();
            AssignmentModel m = new AssignmentTraining(threads, bins).fit(train, seed, () -> false);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("fast forest (%d values/feature): %d ms, test ROC-AUC %.4f%n", bins, ms,
                    AssignmentTraining.evaluate(m, test, 0.6).rocAuc());
        }
        long t1 = System.nanoTime();
        AssignmentModel all = new AssignmentTraining(threads, Quantizer.DEFAULT_BINS)
                .run(rows, seed, 0.6, "sample", () -> false).model();
        System.out.printf("whole TrainModel run (split + 5-fold CV + final forest): %d ms%n",
                (System.nanoTime() - t1) / 1_000_000);

        // Stock: raw (imputed, not snapped) features, Tribuo's RandomForestTrainer.
        List<double[]> raw = train.stream().map(LabelledRow::features).toList();
        Imputer imputer = Imputer.fit(raw);
        List<double[]> imputed = raw.stream().map(imputer::apply).toList();
        boolean[] labels = new boolean[train.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = train.get(i).success();
        }
        long t2 = System.nanoTime();
        WeightedEnsembleModel<Label> stock = ForestTrainer.trainStock(
                ForestTrainer.dataset(imputed, labels, ForestTrainer.balancedWeights(labels)), seed);
        long stockMillis = (System.nanoTime() - t2) / 1_000_000;
        String[] names = AssignmentFeature.names().toArray(String[]::new);
        double[] p = new double[test.size()];
        boolean[] testLabels = new boolean[test.size()];
        for (int i = 0; i < p.length; i++) {
            Prediction<Label> prediction = stock.predict(new ArrayExample<>(new Label("true"), names,
                    imputer.apply(test.get(i).features())));
            Label success = prediction.getOutputScores().get("true");
            p[i] = success == null ? 0 : success.getScore();
            testLabels[i] = test.get(i).success();
        }
        System.out.printf("stock Tribuo RandomForestTrainer (raw features, sequential): %d ms, test ROC-AUC %.4f%n",
                stockMillis, Metrics.rocAuc(p, testLabels));
    }
}
