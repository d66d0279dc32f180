package dev.upskill.journey.inference;

import dev.upskill.inference.embedding.SentenceEncoder;
import dev.upskill.inference.server.InferenceServer;
import dev.upskill.inference.server.ServerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;

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
}
