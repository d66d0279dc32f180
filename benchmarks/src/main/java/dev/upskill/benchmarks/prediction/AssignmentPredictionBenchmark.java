package dev.upskill.benchmarks.prediction;

import dev.upskill.inference.prediction.AssignmentModel;
import dev.upskill.inference.prediction.AssignmentTraining;
import dev.upskill.inference.prediction.LabelledRow;
import dev.upskill.inference.prediction.Predictor;
import dev.upskill.inference.prediction.Quantizer;
import dev.upskill.inference.prediction.SampleData;
import dev.upskill.proto.v1.SuccessPrediction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Assignment-success prediction in-process (no gRPC), on a forest trained on 8,000 sample rows (the 80 % of
 * 10,000; 100 trees, depth 20; seed 42).
 *
 * <ul>
 *   <li>{@link #oneProbability}: the compiled forest's probability for one row (impute, snap, 100 tree walks).
 *       SampleTime, µs: the p99 goal is 50 µs.</li>
 *   <li>{@link #onePrediction}: what PredictSuccess computes: the {@code SuccessPrediction} message with the
 *       probability, decision, 3 top factors (Saabas contributions) and imputed names. SampleTime, µs.</li>
 *   <li>{@link #batchProbabilities} / {@link #batchPredictions}: 1,000 distinct rows one after another
 *       (probability only; full messages without factors, as {@code top_factors=0}). Throughput in rows/s.</li>
 *   <li>{@link #batchPredictionsTreeMajor}: the same 1,000 full messages the way PredictSuccessBatch computes
 *       them: every row walks one tree before the next tree ({@code Predictor.predictAll}). Rows/s.</li>
 *   <li>{@link #batchPredictionsTreeMajorFactors}: the same with 3 top factors, PredictSuccessBatch's default
 *       ({@code top_factors} unset). Rows/s.</li>
 * </ul>
 */
@Fork(value = 2, jvmArgsAppend = {"-Dlogback.configurationFile=logback-benchmarks.xml", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AssignmentPredictionBenchmark {

    static final int BATCH = 1000;

    @State(Scope.Benchmark)
    public static class Model {
        AssignmentModel model;
        double[][] rows;

        @Setup(Level.Trial)
        public void train() {
            List<LabelledRow> data = SampleData.generate(10_000, 42, 0.02);
            List<LabelledRow> train = AssignmentTraining.stratifiedFolds(data, 5, 42).subList(1, 5).stream()
                    .flatMap(List::stream).toList();
            model = new AssignmentTraining(Runtime.getRuntime().availableProcessors(), Quantizer.DEFAULT_BINS)
                    .fit(train, 42, () -> false);
            rows = SampleData.generate(BATCH, 7, 0.02).stream().map(LabelledRow::features)
                    .toArray(double[][]::new);
        }
    }

    @State(Scope.Thread)
    public static class Cursor {
        int next;

        double[] row(Model m) {
            double[] row = m.rows[next];
            next = (next + 1) % m.rows.length;
            return row;
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public double oneProbability(Model m, Cursor c) {
        return m.model.probability(c.row(m));
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public SuccessPrediction onePrediction(Model m, Cursor c) {
        return Predictor.predict(m.model, c.row(m), 0.6, 3);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public void batchProbabilities(Model m, Blackhole bh) {
        for (double[] row : m.rows) {
            bh.consume(m.model.probability(row));
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public void batchPredictions(Model m, Blackhole bh) {
        for (double[] row : m.rows) {
            bh.consume(Predictor.predict(m.model, row, 0.6, 0));
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public SuccessPrediction[] batchPredictionsTreeMajor(Model m) {
        return Predictor.predictAll(m.model, m.rows, 0.6, 0);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public SuccessPrediction[] batchPredictionsTreeMajorFactors(Model m) {
        return Predictor.predictAll(m.model, m.rows, 0.6, 3);
    }
}
