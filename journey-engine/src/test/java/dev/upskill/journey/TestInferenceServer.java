package dev.upskill.journey;

import dev.upskill.inference.embedding.SentenceEncoder;
import dev.upskill.inference.server.InferenceServer;
import dev.upskill.inference.server.ServerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The real inference server (MiniLM, the Lucene catalog under {@code directory}) in the test JVM on a loopback port,
 * for the engine's tests of its calls to it. It can be stopped and started again on the same port with the same data,
 * as when an operator restarts it.
 */
public final class TestInferenceServer implements AutoCloseable {

    private final ServerConfig config;
    private InferenceServer server;
    private int port;

    private TestInferenceServer(ServerConfig config) {
        this.config = config;
    }

    /** Starts a server over {@code directory} on a free port and waits until its models are loaded. */
    public static TestInferenceServer start(Path directory) {
        ServerConfig defaults = ServerConfig.defaults();
        ServerConfig config = defaults.withPort(0).withMetricsPort(-1).withBind("127.0.0.1")
                .withShutdownGrace(Duration.ofSeconds(5))
                .withCatalog(defaults.catalog().withDirectory(directory.resolve("catalog")))
                .withRanking(defaults.ranking().withDirectory(directory.resolve("ranking")))
                .withAssignment(defaults.assignment().withDirectory(directory.resolve("assignment"))
                        .withSampleRows(500));
        TestInferenceServer fixture = new TestInferenceServer(config);
        fixture.startOn(0);
        return fixture;
    }

    private void startOn(int port) {
        ServerConfig on = config.withPort(port);
        try {
            server = new InferenceServer(on, InferenceServer.netty(on), new SimpleMeterRegistry(),
                    () -> SentenceEncoder.load(on.modelSource(), on.onnx())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.loadModels();
        this.port = server.port();
    }

    /** {@code 127.0.0.1:<port>}, for {@code upskill.journey.inference.addresses}. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    /**
     * The engine's properties for a test with its own data directory and this server: the embedded PostgreSQL under
     * {@code dataDir}, the server's address, and no periodic catalog sync (pushes follow each import anyway).
     */
    public void engineProperties(DynamicPropertyRegistry registry, Path dataDir) {
        registry.add("upskill.journey.data-dir", () -> dataDir.resolve("postgres").toString());
        registry.add("upskill.journey.inference.addresses[0]", this::address);
        registry.add("upskill.journey.catalog-sync.interval", () -> "1h");
    }

    /** Stops the server (calls to it then fail UNAVAILABLE). */
    public void stop() {
        server.stop();
    }

    /** Starts it again on the port it had, over the same data. */
    public void restart() {
        startOn(port);
    }

    @Override
    public void close() {
        server.stop();
    }
}
