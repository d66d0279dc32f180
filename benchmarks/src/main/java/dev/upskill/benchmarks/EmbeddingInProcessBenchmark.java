package dev.upskill.benchmarks;

import dev.upskill.inference.embedding.BatchedEmbeddings;
import dev.upskill.inference.embedding.EmbeddingBatcher;
import dev.upskill.inference.embedding.ModelSource;
import dev.upskill.inference.embedding.OnnxOptions;
import dev.upskill.inference.embedding.SentenceEncoder;
import dev.upskill.inference.embedding.TextEmbedding;
import dev.upskill.inference.embedding.TextEncoder;
import dev.upskill.inference.rpc.CallerBudget;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The embedding path inside one JVM, without gRPC: the quantized all-MiniLM-L6-v2
 * ({@link ModelSource#quantizedMiniLm()}) through DJL + ONNX Runtime, with as many intra-op threads as cores
 * (the server's default, {@code model.intra-op-threads=0}).
 *
 * <p>Inputs ({@link Sentences}): one sentence of 17 tokens, [CLS] and [SEP] included ("Senior engineers
 * mentor juniors on negotiation, stakeholder management and clear written communication."), and a batch
 * of 32 distinct sentences of 11-28 tokens (mean 16.6; padded to 28 in one run).
 *
 * <ul>
 *   <li>{@link #runnerOneSentence}: the model alone on one sentence, one thread (tokenize, run, pool,
 *       normalise): the floor every other number is compared with. SampleTime, ms per sentence.</li>
 *   <li>{@link #runnerBatch32}: the model alone on the batch of 32 in one run, one thread. Throughput with
 *       {@code @OperationsPerInvocation(32)}: the score is <em>sentences</em>/s.</li>
 *   <li>{@link #batcherOneCaller}: one sentence through the {@link EmbeddingBatcher} ({@code submit(..).join()},
 *       {@link CallerBudget#unbounded()}) from a single caller thread: the floor plus queue hand-off.
 *       SampleTime, ms.</li>
 *   <li>{@link #batcher16Callers} / {@link #batcher16CallersLatency}: the same from 16 concurrent caller
 *       threads: throughput (requests/s = sentences/s) and latency per request (SampleTime, ms).</li>
 * </ul>
 *
 * The batcher benchmarks run with {@code batching=on} (max batch 32, max wait 2000 µs, one runner thread,
 * queue 4096: the server's defaults) and {@code batching=off} (max batch 1: one model run per sentence).
 */
// DJL (JNA) needs native access on JDK 22+; the log config keeps server log lines out of JMH's output.
@Fork(value = 3, jvmArgsAppend = {
        "--enable-native-access=ALL-UNNAMED", "-Dlogback.configurationFile=logback-benchmarks.xml", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class EmbeddingInProcessBenchmark {

    /** The loaded model, shared by every thread of a trial. */
    @State(Scope.Benchmark)
    public static class Model {
        /** ONNX Runtime intra-op threads; 0 = one per core (the server's default). */
        @Param({"0"})
        public int intraOpThreads;

        /** Whether ONNX Runtime's threads spin between runs (the server's model.spin-wait; default false). */
        @Param({"false"})
        public boolean spinWait;

        TextEncoder encoder;

        @Setup(Level.Trial)
        public void load() {
            int threads = intraOpThreads == 0 ? Runtime.getRuntime().availableProcessors() : intraOpThreads;
            encoder = SentenceEncoder.load(ModelSource.quantizedMiniLm(), new OnnxOptions(threads, spinWait));
        }

        @TearDown(Level.Trial)
        public void close() {
            encoder.close();
        }
    }

    /** A runner (DJL predictor) of the calling thread. */
    @State(Scope.Thread)
    public static class Runner {
        TextEncoder.Runner runner;

        @Setup(Level.Trial)
        public void open(Model model) {
            runner = model.encoder.newRunner();
        }

        @TearDown(Level.Trial)
        public void close() {
            runner.close();
        }
    }

    /** A batcher over the shared model, batching on or off. */
    @State(Scope.Benchmark)
    public static class Batcher {
        /** on: max batch 32, max wait 2000 µs; off: max batch 1. */
        @Param({"on", "off"})
        public String batching;

        EmbeddingBatcher batcher;

        @Setup(Level.Trial)
        public void start(Model model) {
            batcher = new EmbeddingBatcher(model.encoder, batcherSettings(batching), new SimpleMeterRegistry());
        }

        @TearDown(Level.Trial)
        public void stop() {
            batcher.close(Duration.ofSeconds(2));
        }
    }

    /** The settings the benchmarks compare: the server's defaults, with batching on or off. */
    static EmbeddingBatcher.Settings batcherSettings(String batching) {
        return batcherSettings(batching, 1);
    }

    /** The batcher under test with {@code runners} model threads. */
    static EmbeddingBatcher.Settings batcherSettings(String batching, int runners) {
        int maxBatch = switch (batching) {
            case "on" -> 32;
            case "off" -> 1;
            default -> throw new IllegalArgumentException("batching must be on or off, got " + batching);
        };
        return new EmbeddingBatcher.Settings(maxBatch, Duration.of(2000, ChronoUnit.MICROS), 4096, runners);
    }

    private static final List<String> ONE = List.of(Sentences.ONE);

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Threads(1)
    public List<TextEmbedding> runnerOneSentence(Runner runner) {
        return runner.runner.encode(ONE);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(32)
    @Threads(1)
    public List<TextEmbedding> runnerBatch32(Runner runner) {
        return runner.runner.encode(Sentences.BATCH);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Threads(1)
    public BatchedEmbeddings batcherOneCaller(Batcher batcher) {
        return batcher.batcher.submit(ONE, CallerBudget.unbounded()).join();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(16)
    public BatchedEmbeddings batcher16Callers(Batcher batcher) {
        return batcher.batcher.submit(ONE, CallerBudget.unbounded()).join();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Threads(16)
    public BatchedEmbeddings batcher16CallersLatency(Batcher batcher) {
        return batcher.batcher.submit(ONE, CallerBudget.unbounded()).join();
    }
}
