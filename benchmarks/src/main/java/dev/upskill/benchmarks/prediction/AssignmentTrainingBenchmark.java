package dev.upskill.benchmarks.prediction;

import dev.upskill.inference.prediction.AssignmentModel;
import dev.upskill.inference.prediction.AssignmentTraining;
import dev.upskill.inference.prediction.LabelledRow;
import dev.upskill.inference.prediction.SampleData;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Training the assignment forest (100 trees, depth 20, balanced, seed 42) on 10,000 sample rows with all
 * cores, numeric features snapped to {@code snapValues} values. SingleShotTime, seconds per training.
 *
 * <ul>
 *   <li>{@link #forest10k}: imputation, snapping, the Tribuo trees and the compilation, on all 10,000 rows:
 *       the "training 10,000 rows ≤ 10 s" goal.</li>
 *   <li>{@link #trainModelRun10k}: what one TrainModel call computes on 10,000 rows: the 80/20 split, 5-fold
 *       cross-validation on the 8,000 (five forests on 6,400 rows) and the final forest on the 8,000.</li>
 * </ul>
 * Stock Tribuo ({@code RandomForestTrainer}, raw features, one tree at a time) is timed by
 * {@link ForestComparison}, which also compares the ROC-AUC on the same split.
 */
@Fork(value = 2, jvmArgsAppend = {"-Dlogback.configurationFile=logback-benchmarks.xml", "-Xmx3g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AssignmentTrainingBenchmark {

    @State(Scope.Benchmark)
    public static class Data {
        @Param({"32", "64"})
        public int snapValues;

        List<LabelledRow> rows;
        AssignmentTraining training;

        @Setup(Level.Trial)
        public void generate() {
            rows = SampleData.generate(10_000, 42, 0.02);
            training = new AssignmentTraining(Runtime.getRuntime().availableProcessors(), snapValues);
        }
    }

    @Benchmark
    public AssignmentModel forest10k(Data d) {
        return d.training.fit(d.rows, 42, () -> false);
    }

    @Benchmark
    public AssignmentTraining.Result trainModelRun10k(Data d) {
        return d.training.run(d.rows, 42, 0.6, "benchmark", () -> false);
    }
}
