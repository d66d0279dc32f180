package dev.upskill.journey.inference;

import dev.upskill.inference.embedding.SentenceEncoder;
import dev.upskill.inference.server.InferenceServer;
import dev.upskill.inference.server.ServerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.test.context.DynamicPropertyRegistry;

/** A real inference server in the test JVM (loopback, a free port, the default MiniLM model) for Spring tests. */
public final class TestInferenceServers {

    private TestInferenceServers() {
    }

    /**
     * Starts one with its catalog, ranking and assignment data under {@code dataDir}, loads its models and points
     * the engine's inference client at it (2 attempts per call). Call from a {@code @DynamicPropertySource}; stop
     * it when the test class is done.
     */
    public static InferenceServer start(Path dataDir, DynamicPropertyRegistry registry) throws Exception {
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
        registry.add("upskill.journey.inference.addresses[0]", () -> "127.0.0.1:" + server.port());
        registry.add("upskill.journey.inference.retry.max-attempts", () -> "2");
        return server;
    }
}
