package dev.upskill.journey.inference;

import dev.upskill.inference.embedding.SentenceEncoder;
import dev.upskill.inference.server.InferenceServer;
import dev.upskill.inference.server.ServerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.test.context.DynamicPropertyRegistry;

/** A real inference server for tests, in the test JVM: loopback, a free port, no metrics, state under a directory. */
public final class TestInferenceServers {

    private TestInferenceServers() {
    }

    /** Starts the server over {@code dataDir} and loads its models (MiniLM, the grader, the ranking). */
    public static InferenceServer start(Path dataDir) throws Exception {
        ServerConfig defaults = ServerConfig.defaults();
        ServerConfig config = defaults.withPort(0).withMetricsPort(-1).withBind("127.0.0.1")
                .withShutdownGrace(Duration.ofSeconds(5))
                .withCatalog(defaults.catalog().withDirectory(dataDir.resolve("catalog")))
                .withRanking(defaults.ranking().withDirectory(dataDir.resolve("ranking")))
                .withAssignment(defaults.assignment().withDirectory(dataDir.resolve("assignment"))
                        .withSampleRows(500));
        InferenceServer server = new InferenceServer(config, InferenceServer.netty(config), new SimpleMeterRegistry(),
                () -> SentenceEncoder.load(config.modelSource(), config.onnx())).start();
        server.loadModels();
        return server;
    }

    /**
     * The engine's properties for a test with its own data directory and this server: the embedded PostgreSQL under
     * {@code dataDir}, the server's address, and no periodic catalog sync (pushes follow each import anyway).
     */
    public static void engineProperties(DynamicPropertyRegistry registry, Path dataDir, InferenceServer server) {
        registry.add("upskill.journey.data-dir", () -> dataDir.resolve("postgres").toString());
        registry.add("upskill.journey.inference.addresses[0]", () -> "127.0.0.1:" + server.port());
        registry.add("upskill.journey.catalog-sync.interval", () -> "1h");
    }
}
