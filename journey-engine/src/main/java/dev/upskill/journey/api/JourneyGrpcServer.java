package dev.upskill.journey.api;

import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The JourneyService gRPC server (Netty), with standard health ({@code grpc.health.v1}) and reflection, started
 * after and stopped before the rest of the Spring context (the last phase), so calls always find the database and
 * the engine. Stop turns health NOT_SERVING, lets running calls finish for up to 30 s, then cancels them.
 */
@Component
public class JourneyGrpcServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JourneyGrpcServer.class);

    private final JourneyApiProperties properties;
    private final JourneyGrpcService service;
    private final HealthStatusManager health = new HealthStatusManager();
    private volatile Server server;
    private volatile ExecutorService executor;

    public JourneyGrpcServer(JourneyApiProperties properties, JourneyGrpcService service) {
        this.properties = properties;
        this.service = service;
    }

    @Override
    public synchronized void start() {
        if (server != null) {
            return;
        }
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newFixedThreadPool(properties.grpcThreads(), r -> {
            Thread t = new Thread(r, "journey-grpc-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Server built = NettyServerBuilder
                .forAddress(new InetSocketAddress(properties.grpcAddress(), properties.grpcPort()))
                .executor(executor)
                .maxInboundMessageSize(4 * 1024 * 1024)
                .addService(service)
                .addService(health.getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance())
                .build();
        try {
            built.start();
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("cannot start the JourneyService gRPC server on "
                    + properties.grpcAddress() + ":" + properties.grpcPort(), e);
        }
        server = built;
        health.setStatus("", ServingStatus.SERVING);
        health.setStatus(dev.upskill.proto.v1.JourneyServiceGrpc.SERVICE_NAME, ServingStatus.SERVING);
        log.info("JourneyService gRPC listening on {}:{}", properties.grpcAddress(), built.getPort());
    }

    @Override
    public synchronized void stop() {
        Server running = server;
        if (running == null) {
            return;
        }
        health.enterTerminalState();
        running.shutdown();
        try {
            if (!running.awaitTermination(30, TimeUnit.SECONDS)) {
                running.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            running.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            executor.shutdownNow();
            server = null;
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** The port the server listens on (the chosen one when configured 0); -1 when not running. */
    public int port() {
        Server running = server;
        return running == null ? -1 : running.getPort();
    }
}
