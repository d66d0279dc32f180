package dev.upskill.benchmarks.prediction;

import dev.upskill.benchmarks.rpc.Requests;
import dev.upskill.benchmarks.rpc.ServerUnderTest;
import dev.upskill.inference.server.InferenceServer;
import dev.upskill.proto.v1.AssignmentServiceGrpc;
import dev.upskill.proto.v1.PredictSuccessRequest;
import dev.upskill.proto.v1.PredictSuccessResponse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * One {@code PredictSuccess} call over a loopback gRPC channel to a real {@link InferenceServer} on Netty
 * ({@link ServerUnderTest}: every setting at its default but the port and fresh temporary data directories; the
 * server trains its first model from 2,000 sample rows at start, and the benchmark waits for it). One caller,
 * blocking stub, {@link Requests#predictSuccess()} (3 top factors). SampleTime in µs: the goal is
 * p99 ≤ 1 ms.
 */
@Fork(value = 2, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules=jdk.incubator.vector",
        "-Dlogback.configurationFile=logback-benchmarks.xml", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@State(Scope.Benchmark)
public class AssignmentGrpcBenchmark {

    private ServerUnderTest server;
    private AssignmentServiceGrpc.AssignmentServiceBlockingStub stub;
    private final PredictSuccessRequest request = Requests.predictSuccess();

    @Setup(Level.Trial)
    public void start() throws IOException {
        server = ServerUnderTest.start(ServerUnderTest.Transport.NETTY, config -> config);
        stub = AssignmentServiceGrpc.newBlockingStub(server.channel());
        stub.predictSuccess(request); // fail fast if the call does not work
    }

    @TearDown(Level.Trial)
    public void stop() {
        server.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public PredictSuccessResponse onePredictionOverGrpc() {
        return stub.withDeadlineAfter(5, TimeUnit.SECONDS).predictSuccess(request);
    }
}
