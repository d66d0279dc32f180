package dev.upskill.benchmarks;

import dev.upskill.client.EmbeddingClient;
import dev.upskill.inference.embedding.ModelSource;
import dev.upskill.inference.embedding.OnnxOptions;
import dev.upskill.inference.embedding.SentenceEncoder;
import dev.upskill.inference.server.InferenceServer;
import dev.upskill.inference.server.ServerConfig;
import dev.upskill.proto.v1.EmbedResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
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

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The embedding path end to end: a real {@link InferenceServer} on Netty (plaintext, 127.0.0.1, a free
 * port, the server's default worker threads and concurrency limit, metrics endpoint off) serving the
 * quantized all-MiniLM-L6-v2 ({@link ModelSource#quantizedMiniLm()}, by default one intra-op thread per core), called
 * through {@link EmbeddingClient} (blocking stub, 30 s deadline) over one shared Netty client channel in
 * the same JVM. Client and server share the machine's cores, as a co-located caller would.
 *
 * <p>Inputs ({@link Sentences}): one sentence of 17 tokens, [CLS] and [SEP] included ("Senior engineers
 * mentor juniors on negotiation, stakeholder management and clear written communication."), and a request
 * of 32 distinct sentences of 11-28 tokens (mean 16.6; padded to 28 in one run).
 *
 * <ul>
 *   <li>{@link #oneCaller}: one single-sentence {@code Embed} call at a time. SampleTime, ms per call
 *       (p50/p99 are the latency goals; p50 minus the in-process {@code runnerOneSentence} p50 is the
 *       serving overhead).</li>
 *   <li>{@link #callers16} / {@link #callers16Latency}: 16 threads each making single-sentence calls back to
 *       back: throughput (calls/s = sentences/s) and latency per call (SampleTime, ms).</li>
 *   <li>{@link #batch32}: one {@code Embed} call carrying the 32 sentences, one caller. Throughput with
 *       {@code @OperationsPerInvocation(32)}: the score is <em>sentences</em>/s.</li>
 * </ul>
 *
 * Every benchmark runs with {@code batching=on} (server batcher: max batch 32, max wait 2000 µs, one runner)
 * and {@code batching=off} (max batch 1: one model run per sentence; a 32-text request is then split into
 * 32 runs).
 */
// DJL (JNA) needs native access on JDK 22+; the log config keeps server log lines out of JMH's output.
@Fork(value = 3, jvmArgsAppend = {
        "--enable-native-access=ALL-UNNAMED", "-Dlogback.configurationFile=logback-benchmarks.xml", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class EmbeddingGrpcBenchmark {

    /** The server and the client channel, shared by every caller thread of a trial. */
    @State(Scope.Benchmark)
    public static class Server {
        /** on: max batch 32, max wait 2000 µs; off: max batch 1. */
        @Param({"on", "off"})
        public String batching;

        /** ONNX Runtime intra-op threads of the server's model; 0 = one per core (the server's default). */
        @Param({"0"})
        public int intraOpThreads;

        /**
         * An external server to measure instead of the in-JVM one, as host:port (e.g. the Python reference
         * server of benchmarks/reference/); empty (default): start an InferenceServer in this JVM.
         */
        @Param({""})
        public String address;

        /** gRPC handler threads (the server's worker.threads; 0 = handlers on the Netty event loop). */
        @Param({"4"})
        public int workerThreads;

        /** Model runner threads of the server's batcher (the server's batch.runners; default 1). */
        @Param({"1"})
        public int runners;

        /** Whether ONNX Runtime's threads spin between runs (the server's model.spin-wait; default false). */
        @Param({"false"})
        public boolean spinWait;

        InferenceServer server;
        ManagedChannel channel;
        EmbeddingClient client;

        @Setup(Level.Trial)
        public void start() throws IOException {
            // Every setting at its default (the environment is ignored), except: loopback only, a free port,
            // no metrics endpoint, the batching under test, a short shutdown grace.
            ServerConfig defaults = ServerConfig.defaults();
            ServerConfig config = defaults.withBind("127.0.0.1")
                    .withOnnx(new OnnxOptions(
                            intraOpThreads == 0 ? defaults.onnx().intraOpThreads() : intraOpThreads, spinWait))
                    .withWorkerThreads(workerThreads)
                    .withPort(0)
                    .withMetricsPort(-1)
                    .withBatching(EmbeddingInProcessBenchmark.batcherSettings(batching, runners))
                    .withShutdownGrace(Duration.ofSeconds(1))
                    .withCatalog(defaults.catalog().withDirectory(Files.createTempDirectory("upskill-bench-catalog-")));
            String target = address;
            if (target.isEmpty()) {
                server = new InferenceServer(config, InferenceServer.netty(config), new SimpleMeterRegistry(),
                        () -> SentenceEncoder.load(ModelSource.quantizedMiniLm(), config.onnx()));
                server.start();
                server.loadModels();
                target = "127.0.0.1:" + server.port();
            }
            channel = NettyChannelBuilder.forTarget(target).usePlaintext().build();
            client = new EmbeddingClient(channel, Duration.ofSeconds(30));
            client.embed(List.of(Sentences.ONE)); // fail fast if the server does not answer
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            channel.shutdown();
            if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
                channel.shutdownNow();
                channel.awaitTermination(2, TimeUnit.SECONDS);
            }
            if (server != null) {
                server.stop();
            }
        }
    }

    private static final List<String> ONE = List.of(Sentences.ONE);

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Threads(1)
    public EmbedResponse oneCaller(Server server) {
        return server.client.embed(ONE);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(16)
    public EmbedResponse callers16(Server server) {
        return server.client.embed(ONE);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Threads(16)
    public EmbedResponse callers16Latency(Server server) {
        return server.client.embed(ONE);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(32)
    @Threads(1)
    public EmbedResponse batch32(Server server) {
        return server.client.embed(Sentences.BATCH);
    }
}
