package dev.upskill.inference.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.upskill.inference.testing.GatedEncoder;
import dev.upskill.proto.v1.EmbedRequest;
import dev.upskill.proto.v1.EmbedResponse;
import dev.upskill.proto.v1.EmbeddingServiceGrpc;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.grpc.testing.TlsTesting;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole server on Netty over loopback: life cycle, health, reflection, TLS, limits, metrics, logs. */
class ServerOverNettyTest {

    private final GatedEncoder model = GatedEncoder.overSharedModel();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private InferenceServer server;
    private ManagedChannel channel;

    @TempDir
    Path catalogDirectory;

    private ServerConfig config() {
        ServerConfig defaults = ServerConfig.defaults();
        return defaults.withPort(0).withMetricsPort(-1).withShutdownGrace(Duration.ofSeconds(10))
                .withCatalog(defaults.catalog().withDirectory(catalogDirectory.resolve("catalog")))
                .withAssignment(defaults.assignment().withDirectory(catalogDirectory.resolve("assignment"))
                        .withSampleRows(500));
    }

    private void start(ServerConfig config, ChannelCredentials credentials, String authority) throws Exception {
        ServerConfig loopback = config.withBind("127.0.0.1");
        server = new InferenceServer(loopback, InferenceServer.netty(loopback), registry, () -> model).start();
        var builder = Grpc.newChannelBuilderForAddress("127.0.0.1", server.port(), credentials);
        if (authority != null) {
            builder.overrideAuthority(authority);
        }
        channel = builder.build();
    }

    private void startPlaintext(ServerConfig config) throws Exception {
        start(config, InsecureChannelCredentials.create(), null);
    }

    @AfterEach
    void stop() {
        model.open();
        if (channel != null) {
            channel.shutdownNow();
        }
        if (server != null) {
            server.stop();
        }
    }

    private EmbeddingServiceGrpc.EmbeddingServiceBlockingStub embedding() {
        return EmbeddingServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    private ServingStatus health() {
        return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance()).getStatus();
    }

    private static EmbedRequest request(String... texts) {
        return EmbedRequest.newBuilder().addAllTexts(List.of(texts)).build();
    }

    @Test
    void healthIsNotServingUntilTheModelIsLoadedAndWarm() throws Exception {
        startPlaintext(config());
        assertEquals(ServingStatus.NOT_SERVING, health());
        StatusRuntimeException early = assertThrows(StatusRuntimeException.class, () -> embedding().embed(request("a")));
        assertEquals(Status.Code.UNAVAILABLE, early.getStatus().getCode());

        server.loadModels();
        assertEquals(ServingStatus.SERVING, health());
        assertEquals(ServingStatus.SERVING, HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.newBuilder()
                .setService(EmbeddingServiceGrpc.SERVICE_NAME).build()).getStatus());
        assertEquals(384, embedding().embed(request("ready")).getDimensions());
    }

    @Test
    void servesWithHandlersOnTheEventLoopWhenWorkerThreadsIsZero() throws Exception {
        startPlaintext(config().withWorkerThreads(0));
        server.loadModels();
        assertEquals(2, embedding().embed(request("one", "two")).getEmbeddingsCount());
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> embedding().embed(request(" ")));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    }

    @Test
    void reflectionListsEveryService() throws Exception {
        startPlaintext(config());
        CompletableFuture<List<String>> names = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse response) {
                        names.complete(response.getListServicesResponse().getServiceList().stream()
                                .map(ServiceResponse::getName).toList());
                    }

                    @Override
                    public void onError(Throwable t) {
                        names.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        List<String> services = names.get(10, TimeUnit.SECONDS);
        requests.onCompleted();
        for (String expected : List.of("upskill.v1.EmbeddingService", "upskill.v1.CatalogService",
                "upskill.v1.RankingService", "upskill.v1.AssignmentService", "upskill.v1.GradingService",
                "grpc.health.v1.Health")) {
            assertTrue(services.contains(expected), expected + " missing from " + services);
        }
    }

    @Test
    void shutdownDrainsInFlightCallsAndRefusesNewOnes() throws Exception {
        startPlaintext(config());
        server.loadModels();
        List<ServingStatus> watched = new CopyOnWriteArrayList<>();
        CountDownLatch serving = new CountDownLatch(1);
        CountDownLatch notServing = new CountDownLatch(1);
        HealthGrpc.newStub(channel).watch(HealthCheckRequest.getDefaultInstance(), new StreamObserver<>() {
            @Override
            public void onNext(HealthCheckResponse value) {
                watched.add(value.getStatus());
                if (value.getStatus() == ServingStatus.SERVING) {
                    serving.countDown();
                }
                if (value.getStatus() == ServingStatus.NOT_SERVING) {
                    notServing.countDown();
                }
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
            }
        });

        assertTrue(serving.await(10, TimeUnit.SECONDS), "the watch starts at SERVING; saw " + watched);
        model.hold();
        CompletableFuture<EmbedResponse> inFlight = CompletableFuture.supplyAsync(() -> embedding().embed(request("in flight")));
        model.awaitRunStarted();
        Thread stopper = Thread.ofPlatform().start(server::stop);

        assertTrue(notServing.await(10, TimeUnit.SECONDS), "health watchers hear NOT_SERVING; saw " + watched);
        assertEquals(Status.Code.UNAVAILABLE, refusedWhileDraining(), "new calls are refused while draining");

        model.open();
        assertEquals(1, inFlight.get(20, TimeUnit.SECONDS).getEmbeddingsCount(), "the in-flight call finished");
        stopper.join(Duration.ofSeconds(20));
        assertFalse(stopper.isAlive(), "stop() returned once drained");
    }

    private Status.Code refusedWhileDraining() throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Status.Code code = null;
        while (System.nanoTime() < until) {
            try {
                EmbeddingServiceGrpc.newBlockingStub(channel).withDeadlineAfter(300, TimeUnit.MILLISECONDS)
                        .embed(request("new call"));
            } catch (StatusRuntimeException e) {
                code = e.getStatus().getCode();
                if (code == Status.Code.UNAVAILABLE) {
                    return code;
                }
            }
            Thread.sleep(50);
        }
        return code;
    }

    @Test
    void callsStillRunningAfterTheGracePeriodAreCancelled() throws Exception {
        startPlaintext(config().withShutdownGrace(Duration.ofMillis(500)));
        server.loadModels();
        model.hold();
        CompletableFuture<EmbedResponse> stuck = CompletableFuture.supplyAsync(() -> embedding().embed(request("stuck")));
        model.awaitRunStarted();
        Thread stopper = Thread.ofPlatform().start(server::stop);

        ExecutionException e = assertThrows(ExecutionException.class, () -> stuck.get(20, TimeUnit.SECONDS));
        Status.Code code = Status.fromThrowable(e.getCause()).getCode();
        assertTrue(code == Status.Code.CANCELLED || code == Status.Code.UNAVAILABLE, "got " + code);
        model.open();
        stopper.join(Duration.ofSeconds(20));
        assertFalse(stopper.isAlive());
    }

    @Test
    void servesTlsWithTheConfiguredCertificate(@TempDir Path dir) throws Exception {
        Path cert = copy(TlsTesting.loadCert("server1.pem"), dir.resolve("server.pem"));
        Path key = copy(TlsTesting.loadCert("server1.key"), dir.resolve("server.key"));
        ChannelCredentials trusting = TlsChannelCredentials.newBuilder()
                .trustManager(TlsTesting.loadCert("ca.pem")).build();
        start(config().withTls(new ServerConfig.TlsFiles(cert, key)), trusting, "foo.test.google.fr");
        server.loadModels();
        assertEquals(1, embedding().embed(request("over TLS")).getEmbeddingsCount());
    }

    @Test
    void anOversizedMessageIsRefusedByTheTransport() throws Exception {
        startPlaintext(config().withMaxMessageBytes(2048));
        server.loadModels();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> embedding().embed(request("x".repeat(3000))));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
    }

    @Test
    void prometheusEndpointReportsLatencyErrorsQueueAndBatches() throws Exception {
        startPlaintext(config());
        server.loadModels();
        embedding().embed(request("one", "two"));
        assertThrows(StatusRuntimeException.class, () -> embedding().embed(request()));
        try (MetricsEndpoint endpoint = new MetricsEndpoint(registry, "127.0.0.1", 0)) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            String body = response.body();
            for (String expected : List.of(
                    "upskill_grpc_server_calls_seconds_bucket{method=\"upskill.v1.EmbeddingService/Embed\",status=\"OK\"",
                    "upskill_grpc_server_errors_total{method=\"upskill.v1.EmbeddingService/Embed\",status=\"INVALID_ARGUMENT\"} 1.0",
                    "upskill_grpc_server_in_flight ",
                    "upskill_embedding_queue_depth_texts ",
                    "upskill_embedding_batch_size_texts_bucket{le=\"2.0\"} 1",
                    "upskill_embedding_model_run_seconds_count 1")) {
                assertTrue(body.contains(expected), "missing " + expected + " in\n" + body);
            }
        }
    }

    @Test
    void logLinesAboutACallCarryItsRequestId() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(CallMetricsInterceptor.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>() {
            @Override
            protected void append(ILoggingEvent event) {
                // Logback reads the MDC lazily: capture it now, on the thread that logged.
                event.prepareForDeferredProcessing();
                super.append(event);
            }
        };
        appender.start();
        logger.addAppender(appender);
        Level before = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        try {
            startPlaintext(config());
            server.loadModels();
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER), "trace-log-7");
            embedding().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers)).embed(request("logged"));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (appender.list.stream().noneMatch(e -> "trace-log-7".equals(e.getMDCPropertyMap().get("requestId")))
                    && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertTrue(appender.list.stream().anyMatch(e ->
                            "trace-log-7".equals(e.getMDCPropertyMap().get("requestId"))
                                    && e.getFormattedMessage().contains("upskill.v1.EmbeddingService/Embed OK")),
                    () -> "no log line with the request id: " + appender.list.stream()
                            .map(e -> e.getThreadName() + " " + e.getMDCPropertyMap() + " " + e.getFormattedMessage())
                            .toList());
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(before);
        }
    }

    private static Path copy(InputStream in, Path to) throws Exception {
        try (in) {
            Files.copy(in, to);
        }
        return to;
    }
}
