package dev.upskill.inference.testing;

import dev.upskill.inference.embedding.TextEncoder;
import dev.upskill.inference.server.InferenceServer;
import dev.upskill.inference.server.ServerConfig;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;

/** A whole {@link InferenceServer} on the in-process transport, models loaded, with a channel to it. */
public final class InProcessInferenceServer implements AutoCloseable {

    public final InferenceServer server;
    public final ManagedChannel channel;
    public final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final Path temporaryCatalog;
    private final Path temporaryRanking;
    private final Path temporaryAssignment;
    private final String name;

    private InProcessInferenceServer(ServerConfig config, TextEncoder encoder) {
        name = InProcessServerBuilder.generateName();
        // A catalog at the default (relative) location gets a fresh temporary directory instead.
        if (config.catalog().directory().isAbsolute()) {
            temporaryCatalog = null;
        } else {
            temporaryCatalog = TemporaryDirectories.create("upskill-catalog-");
            config = config.withCatalog(config.catalog().withDirectory(temporaryCatalog));
        }
        // Recorded outcomes likewise.
        if (config.ranking().directory().isAbsolute()) {
            temporaryRanking = null;
        } else {
            temporaryRanking = TemporaryDirectories.create("upskill-ranking-");
            config = config.withRanking(config.ranking().withDirectory(temporaryRanking));
        }
        // Likewise the assignment model's artifacts; a fresh one trains its first model from sample rows.
        if (config.assignment().directory().isAbsolute()) {
            temporaryAssignment = null;
        } else {
            temporaryAssignment = TemporaryDirectories.create("upskill-assignment-");
            config = config.withAssignment(config.assignment().withDirectory(temporaryAssignment)
                    .withSampleRows(Math.min(500, config.assignment().sampleRows())));
        }
        server = new InferenceServer(config.withShutdownGrace(Duration.ofSeconds(5)),
                InProcessServerBuilder.forName(name), registry, () -> encoder);
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.loadModels();
        channel = InProcessChannelBuilder.forName(name).build();
    }

    /** Another channel to the server; the caller closes it. */
    public ManagedChannel newChannel() {
        return InProcessChannelBuilder.forName(name).build();
    }

    public static InProcessInferenceServer start(ServerConfig config, TextEncoder encoder) {
        return new InProcessInferenceServer(config, encoder);
    }

    @Override
    public void close() {
        channel.shutdownNow();
        server.stop();
        if (temporaryCatalog != null) {
            TemporaryDirectories.delete(temporaryCatalog);
        }
        if (temporaryRanking != null) {
            TemporaryDirectories.delete(temporaryRanking);
        }
        if (temporaryAssignment != null) {
            TemporaryDirectories.delete(temporaryAssignment);
        }
    }
}
