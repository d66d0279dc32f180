package dev.upskill.benchmarks.prediction;

import dev.upskill.inference.embedding.ModelSource;
import dev.upskill.inference.embedding.SentenceEncoder;
import dev.upskill.inference.server.InferenceServer;
import dev.upskill.inference.server.ServerConfig;
import dev.upskill.proto.v1.AssignmentFeatures;
import dev.upskill.proto.v1.AssignmentPair;
import dev.upskill.proto.v1.AssignmentServiceGrpc;
import dev.upskill.proto.v1.EmployeeAvailability;
import dev.upskill.proto.v1.GetModelInfoRequest;
import dev.upskill.proto.v1.PredictSuccessRequest;
import dev.upskill.proto.v1.PredictSuccessResponse;
import dev.upskill.proto.v1.TaskPriority;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One {@code PredictSuccess} call over a loopback gRPC channel to a real {@link InferenceServer} on Netty (every
 * setting at its default but the port and fresh temporary data directories: the server trains its first model
 * from 2,000 sample rows at start, and the benchmark waits for it). One caller, blocking stub, 3 top factors.
 * SampleTime in µs: the goal is p99 ≤ 1 ms.
 */
@Fork(value = 2, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules=jdk.incubator.vector",
        "-Dlogback.configurationFile=logback-benchmarks.xml", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@State(Scope.Benchmark)
public class AssignmentGrpcBenchmark {

    private InferenceServer server;
    private ManagedChannel channel;
    private AssignmentServiceGrpc.AssignmentServiceBlockingStub stub;
    private PredictSuccessRequest request;

    @Setup(Level.Trial)
    public void start() throws IOException, InterruptedException {
        Path data = Files.createTempDirectory("upskill-bench-assignment-");
        ServerConfig defaults = ServerConfig.defaults();
        ServerConfig config = defaults.withBind("127.0.0.1").withPort(0).withMetricsPort(-1)
                .withShutdownGrace(Duration.ofSeconds(1))
                .withCatalog(defaults.catalog().withDirectory(data.resolve("catalog")))
                .withRanking(defaults.ranking().withDirectory(data.resolve("ranking")))
                .withAssignment(defaults.assignment().withDirectory(data.resolve("assignment")));
        server = new InferenceServer(config, InferenceServer.netty(config), new SimpleMeterRegistry(),
                () -> SentenceEncoder.load(ModelSource.quantizedMiniLm(), config.onnx()));
        server.start();
        server.loadModels();
        channel = NettyChannelBuilder.forTarget("127.0.0.1:" + server.port()).usePlaintext().build();
        stub = AssignmentServiceGrpc.newBlockingStub(channel);
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (true) { // the first model trains in the background; UNAVAILABLE until it is ready
            try {
                stub.getModelInfo(GetModelInfoRequest.getDefaultInstance());
                break;
            } catch (StatusRuntimeException notYet) {
                if (System.nanoTime() > until) {
                    throw notYet;
                }
                Thread.sleep(200);
            }
        }
        request = PredictSuccessRequest.newBuilder().setTopFactors(3).setPair(AssignmentPair.newBuilder()
                .setEmployeeId("e-42").setTaskId("t-7").setFeatures(AssignmentFeatures.newBuilder()
                        .setEmpExperienceYears(6).setEmpWorkloadRatio(0.7).setEmpPerformanceRating(4.1)
                        .setEmpActiveTasks(3).setEmpAvailability(EmployeeAvailability.EMPLOYEE_AVAILABILITY_LIMITED)
                        .setTaskPriority(TaskPriority.TASK_PRIORITY_HIGH).setTaskComplexityScore(3)
                        .setTaskEstimatedHours(16).setTaskUrgencyScore(0.8).setSkillMatchScore(0.85)
                        .setWorkloadCompatibility(0.6)))
                .build();
        stub.predictSuccess(request); // fail fast if the call does not work
    }

    @TearDown(Level.Trial)
    public void stop() {
        channel.shutdownNow();
        server.stop();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public PredictSuccessResponse onePredictionOverGrpc() {
        return stub.withDeadlineAfter(5, TimeUnit.SECONDS).predictSuccess(request);
    }
}
