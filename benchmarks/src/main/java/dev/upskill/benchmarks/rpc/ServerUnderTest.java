package dev.upskill.benchmarks.rpc;

import dev.upskill.benchmarks.catalog.CatalogFixture;
import dev.upskill.inference.embedding.ModelSource;
import dev.upskill.inference.embedding.SentenceEncoder;
import dev.upskill.inference.server.InferenceServer;
import dev.upskill.inference.server.ServerConfig;
import dev.upskill.proto.v1.AssignmentServiceGrpc;
import dev.upskill.proto.v1.GetModelInfoRequest;
import io.grpc.ManagedChannel;
import io.grpc.ServerBuilder;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A real {@link InferenceServer} (its own services, interceptors, executors and limits) with a client channel to
 * it, in this JVM. Every setting is at its default (the environment is ignored) except: loopback only, a free
 * port, no metrics endpoint, a 1 s shutdown grace, fresh temporary catalog, ranking and assignment directories
 * (deleted on {@link #close}), and what the caller's {@code customise} changes. The embedding model is the
 * quantized all-MiniLM-L6-v2. {@link #start} returns once every service answers, the assignment model included
 * (a fresh install trains its first model from sample rows in the background).
 */
public final class ServerUnderTest implements AutoCloseable {

    /** How the client reaches the server. */
    public enum Transport {
        /** grpc-java's in-process transport: no sockets, no serialisation of the call's frames. */
        INPROCESS,
        /** Netty on 127.0.0.1 and a free port, plaintext, with a Netty client channel: a loopback hop. */
        NETTY;

        /** {@code inprocess} or {@code netty}, as JMH params spell them. */
        public static Transport parse(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    private final Path data;
    private final InferenceServer server;
    private final ManagedChannel channel;

    private ServerUnderTest(Path data, InferenceServer server, ManagedChannel channel) {
        this.data = data;
        this.server = server;
        this.channel = channel;
    }

    /**
     * @param customise changes to the configuration described above; it sees the temporary directories already
     *                  set (e.g. {@code c -> c.withCatalog(c.catalog().withDemo(true))})
     */
    public static ServerUnderTest start(Transport transport, UnaryOperator<ServerConfig> customise)
            throws IOException {
        return start(transport, Files.createTempDirectory("upskill-bench-server-"), customise);
    }

    /**
     * A server whose catalog starts as a copy of {@code catalogIndex} (a Lucene catalog directory: the server
     * writes to its catalog, so the original is never opened), without the demo company.
     */
    public static ServerUnderTest startOnCopyOf(Path catalogIndex, Transport transport) throws IOException {
        Path data = Files.createTempDirectory("upskill-bench-server-");
        CatalogFixture.copyTree(catalogIndex, data.resolve("catalog"));
        return start(transport, data, config -> config);
    }

    private static ServerUnderTest start(Transport transport, Path data, UnaryOperator<ServerConfig> customise)
            throws IOException {
        ServerConfig defaults = ServerConfig.defaults();
        ServerConfig config = customise.apply(defaults.withBind("127.0.0.1").withPort(0).withMetricsPort(-1)
                .withShutdownGrace(Duration.ofSeconds(1))
                .withCatalog(defaults.catalog().withDirectory(data.resolve("catalog")))
                .withRanking(defaults.ranking().withDirectory(data.resolve("ranking")))
                .withAssignment(defaults.assignment().withDirectory(data.resolve("assignment"))));
        String name = InProcessServerBuilder.generateName();
        ServerBuilder<?> builder = transport == Transport.NETTY
                ? InferenceServer.netty(config)
                : InProcessServerBuilder.forName(name).maxInboundMessageSize(config.maxMessageBytes());
        InferenceServer server = new InferenceServer(config, builder, new SimpleMeterRegistry(),
                () -> SentenceEncoder.load(ModelSource.quantizedMiniLm(), config.onnx()));
        try {
            server.start();
            server.loadModels();
        } catch (IOException | RuntimeException e) {
            server.stop();
            CatalogFixture.deleteTree(data);
            throw e;
        }
        ManagedChannel channel = transport == Transport.NETTY
                ? NettyChannelBuilder.forTarget("127.0.0.1:" + server.port()).usePlaintext()
                        .maxInboundMessageSize(config.maxMessageBytes()).build()
                : InProcessChannelBuilder.forName(name).maxInboundMessageSize(config.maxMessageBytes()).build();
        ServerUnderTest started = new ServerUnderTest(data, server, channel);
        try {
            started.awaitAssignmentModel(Duration.ofMinutes(3));
        } catch (RuntimeException | InterruptedException e) {
            started.close();
            throw new IllegalStateException("the assignment service did not become ready", e);
        }
        return started;
    }

    public ManagedChannel channel() {
        return channel;
    }

    /** The assignment service answers UNAVAILABLE until its first model is trained. */
    private void awaitAssignmentModel(Duration patience) throws InterruptedException {
        var stub = AssignmentServiceGrpc.newBlockingStub(channel);
        long until = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                stub.withDeadlineAfter(5, TimeUnit.SECONDS).getModelInfo(GetModelInfoRequest.getDefaultInstance());
                return;
            } catch (StatusRuntimeException notYet) {
                if (System.nanoTime() > until) {
                    throw notYet;
                }
                Thread.sleep(200);
            }
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
        server.stop();
        CatalogFixture.deleteTree(data);
    }
}
