package dev.upskill.inference.server;

import dev.upskill.inference.catalog.CatalogGrpcService;
import dev.upskill.inference.catalog.CatalogRuntime;
import dev.upskill.inference.embedding.EmbeddingGrpcService;
import dev.upskill.inference.embedding.EmbeddingRuntime;
import dev.upskill.inference.embedding.TextEncoder;
import dev.upskill.inference.grading.GradingGrpcService;
import dev.upskill.inference.grading.GradingRuntime;
import dev.upskill.inference.ranking.OutcomeStore;
import dev.upskill.inference.ranking.RankingGrpcService;
import dev.upskill.inference.ranking.Recommender;
import dev.upskill.inference.prediction.AssignmentGrpcService;
import dev.upskill.inference.prediction.AssignmentRuntime;
import dev.upskill.inference.rpc.RequestIdInterceptor;
import dev.upskill.proto.v1.AssignmentServiceGrpc;
import dev.upskill.proto.v1.CatalogServiceGrpc;
import dev.upskill.proto.v1.EmbeddingServiceGrpc;
import dev.upskill.proto.v1.GradingServiceGrpc;
import dev.upskill.proto.v1.RankingServiceGrpc;
import io.grpc.BindableService;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.TlsServerCredentials;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The inference gRPC server: health, reflection, the inference services and the interceptors every call
 * passes (request id, metrics, concurrency limit).
 *
 * <p>Life cycle: {@link #start()} opens the port with health NOT_SERVING; {@link #loadModels()} loads and
 * warms the models, then health turns SERVING; {@link #stop()} turns health NOT_SERVING, stops accepting
 * calls, lets in-flight calls finish for the configured grace period, then closes.
 */
public final class InferenceServer {

    private static final Logger log = LoggerFactory.getLogger(InferenceServer.class);

    /** Services registered with the health service; "" is the whole server. */
    private static final List<String> HEALTH_SERVICES =
            List.of("", EmbeddingServiceGrpc.SERVICE_NAME, CatalogServiceGrpc.SERVICE_NAME,
                    RankingServiceGrpc.SERVICE_NAME, GradingServiceGrpc.SERVICE_NAME);

    private final ServerConfig config;
    private final Supplier<? extends TextEncoder> modelLoader;
    private final HealthStatusManager health = new HealthStatusManager();
    private final ExecutorService callExecutor;
    private final EmbeddingRuntime embedding;
    private final CatalogRuntime catalog;
    private final OutcomeStore outcomes;
    private final Recommender recommender;
    private final AssignmentRuntime assignment;
    private final GradingRuntime grading;
    private final Server server;
    private final ConcurrencyLimitInterceptor concurrencyLimit;
    private final CallMetricsInterceptor callMetrics;
    private final RequestIdInterceptor requestIds = new RequestIdInterceptor();
    private volatile boolean stopped;

    /**
     * @param transport a server builder for the transport (Netty from {@link #netty}, in-process in tests)
     * @param modelLoader loads the embedding model (called by {@link #loadModels()})
     */
    public InferenceServer(ServerConfig config, ServerBuilder<?> transport, MeterRegistry registry,
                           Supplier<? extends TextEncoder> modelLoader) {
        this.config = config;
        this.modelLoader = modelLoader;
        this.callExecutor = config.workerThreads() == 0 ? null : Executors.newFixedThreadPool(config.workerThreads(),
                Thread.ofPlatform().name("grpc-call-", 0).daemon(true).factory());
        this.embedding = new EmbeddingRuntime(config.batching(), registry);
        this.catalog = new CatalogRuntime(config.catalog(), embedding, Clock.systemUTC());
        this.outcomes = new OutcomeStore(config.ranking().directory(), config.ranking().outcomePriorObservations(),
                config.ranking().positiveClosure());
        this.recommender = new Recommender(catalog, outcomes, config.ranking(), Clock.systemUTC());
        this.assignment = new AssignmentRuntime(config.assignment());
        this.grading = new GradingRuntime(config.grading(), embedding, config.modelMaxTokens(),
                config.onnx());
        this.concurrencyLimit = new ConcurrencyLimitInterceptor(config.maxInFlight());
        this.callMetrics = new CallMetricsInterceptor(registry);
        for (String service : HEALTH_SERVICES) {
            health.setStatus(service, ServingStatus.NOT_SERVING);
        }
        health.setStatus(AssignmentServiceGrpc.SERVICE_NAME, ServingStatus.NOT_SERVING);
        // worker.threads=0 runs handlers on the transport's threads: one thread hand-off less per call, for
        // services whose handlers never block (the embedding handler only validates and enqueues).
        (callExecutor == null ? transport.directExecutor() : transport.executor(callExecutor))
                .addService(health.getHealthService())
                .addService(intercepted(new EmbeddingGrpcService(embedding, config.limits())))
                .addService(intercepted(new CatalogGrpcService(catalog, catalog.workers())))
                .addService(intercepted(new RankingGrpcService(recommender, catalog.workers())))
                .addService(intercepted(new AssignmentGrpcService(assignment)))
                .addService(intercepted(new GradingGrpcService(grading)));
        if (config.reflection()) {
            // v1 and the older v1alpha: grpcurl and most tools try v1 first and fall back.
            transport.addService(ProtoReflectionServiceV1.newInstance());
            transport.addService(legacyReflection());
        }
        this.server = transport.build();
    }

    @SuppressWarnings("deprecation")
    private static BindableService legacyReflection() {
        return io.grpc.protobuf.services.ProtoReflectionService.newInstance();
    }

    /** A Netty transport on the configured address and port, with TLS when configured. */
    public static ServerBuilder<?> netty(ServerConfig config) {
        ServerCredentials credentials = InsecureServerCredentials.create();
        if (config.tls().isPresent()) {
            try {
                credentials = TlsServerCredentials.create(config.tls().get().certificateChain().toFile(),
                        config.tls().get().privateKey().toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read tls.cert / tls.key", e);
            }
        }
        return NettyServerBuilder
                .forAddress(new InetSocketAddress(config.bind(), config.port()), credentials)
                .maxInboundMessageSize(config.maxMessageBytes())
                .permitKeepAliveTime(10, TimeUnit.SECONDS);
    }

    private ServerServiceDefinition intercepted(BindableService service) {
        // The last interceptor listed runs first: request id, then metrics, then the concurrency limit.
        return ServerInterceptors.intercept(service, concurrencyLimit, callMetrics, requestIds);
    }

    /** Opens the port; health reports NOT_SERVING until {@link #loadModels()} finishes. */
    public InferenceServer start() throws IOException {
        server.start();
        log.info("inference server listening on port {} ({}), health NOT_SERVING until models are ready",
                port(), config.tls().isPresent() ? "TLS" : "plaintext");
        return this;
    }

    /** Loads and warms up the models, opens the catalog, then reports SERVING. */
    public void loadModels() {
        embedding.load(modelLoader);
        if (stopped) {
            return;
        }
        catalog.load();
        if (stopped) {
            return;
        }
        grading.load();
        if (stopped) {
            return;
        }
        // A stored model loads at once; a fresh install trains its first model in the background, and the
        // assignment service turns SERVING when it is ready (its calls answer UNAVAILABLE until then).
        assignment.load().whenComplete((ignored, failure) -> {
            if (failure != null && stopped) {
                log.info("the first assignment model was not trained: the server stopped");
            } else if (failure != null) {
                log.error("no assignment model: {}", failure.toString());
            } else if (!stopped) {
                health.setStatus(AssignmentServiceGrpc.SERVICE_NAME, ServingStatus.SERVING);
            }
        });
        for (String service : HEALTH_SERVICES) {
            health.setStatus(service, ServingStatus.SERVING);
        }
        log.info("health SERVING");
    }

    public int port() {
        return server.getPort();
    }

    /**
     * Graceful shutdown: NOT_SERVING, refuse new calls, let in-flight calls finish within the grace period,
     * cancel what is left, free the models.
     */
    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        Duration grace = config.shutdownGrace();
        log.info("shutting down: draining in-flight calls for up to {} s", grace.toSeconds());
        health.enterTerminalState();
        server.shutdown();
        try {
            // Wait for the inference calls in flight; health Watch streams would otherwise hold the server
            // open for the whole grace period, so they are cut once the real work has drained.
            long until = System.nanoTime() + grace.toNanos();
            while (callMetrics.inFlight() > 0 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            if (callMetrics.inFlight() > 0) {
                log.warn("grace period over; cancelling {} calls still in flight", callMetrics.inFlight());
            }
            server.shutdownNow();
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        catalog.close(Duration.ofSeconds(5));
        grading.close(Duration.ofSeconds(5));
        recommender.close();
        outcomes.close();
        assignment.close(Duration.ofSeconds(5));
        embedding.close(Duration.ofSeconds(5));
        if (callExecutor != null) {
            callExecutor.shutdown();
        }
        log.info("inference server stopped");
    }

    /** Blocks until the server has terminated (gRPC threads are daemons; main must wait here). */
    public void blockUntilShutdown() throws InterruptedException {
        server.awaitTermination();
    }
}
