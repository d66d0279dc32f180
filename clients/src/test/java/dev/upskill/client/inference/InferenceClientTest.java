package dev.upskill.client.inference;

import dev.upskill.client.FakeCatalogService;
import dev.upskill.client.LoopbackServers;
import dev.upskill.proto.v1.Course;
import dev.upskill.proto.v1.EmbedRequest;
import dev.upskill.proto.v1.EmbedResponse;
import dev.upskill.proto.v1.Embedding;
import dev.upskill.proto.v1.EmbeddingServiceGrpc;
import dev.upskill.proto.v1.GradeAnswerRequest;
import dev.upskill.proto.v1.GradeAnswerResponse;
import dev.upskill.proto.v1.GradingServiceGrpc;
import dev.upskill.proto.v1.RecommendForGapsRequest;
import dev.upskill.proto.v1.RecordOutcomeRequest;
import dev.upskill.proto.v1.UpsertCoursesResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client over real Netty servers on loopback: round robin, failover, retries (and where they must not
 * happen), deadlines, and that each typed method reaches its service.
 */
class InferenceClientTest {

    private static final RecommendForGapsRequest GAPS =
            RecommendForGapsRequest.newBuilder().setTenantId("acme").build();
    // Short backoff keeps the retry tests fast; the policy is the same as in production.
    private static final RetrySettings QUICK_RETRY =
            new RetrySettings(4, Duration.ofMillis(10), Duration.ofMillis(50), 2.0);

    private final LoopbackServers servers = new LoopbackServers();
    private InferenceClient client;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (client != null) {
            client.close();
        }
        servers.close();
    }

    private InferenceClient clientFor(List<String> addresses, InferenceDeadlines deadlines) {
        client = new InferenceClient(InferenceSettings.of(addresses).withRetry(QUICK_RETRY).withDeadlines(deadlines));
        return client;
    }

    private InferenceClient clientFor(String... addresses) {
        return clientFor(List.of(addresses), InferenceDeadlines.DEFAULTS);
    }

    @Test
    void spreadsCallsOverAllServers() throws Exception {
        ScriptedRankingService first = new ScriptedRankingService();
        ScriptedRankingService second = new ScriptedRankingService();
        clientFor(servers.start(first), servers.start(second));

        for (int i = 0; i < 20; i++) {
            client.recommendForGaps(GAPS);
        }

        assertEquals(20, first.attempts.get() + second.attempts.get());
        assertTrue(first.attempts.get() > 0, "first server got no calls");
        assertTrue(second.attempts.get() > 0, "second server got no calls");
    }

    @Test
    void keepsWorkingWhenOneServerGoesDown() throws Exception {
        ScriptedRankingService first = new ScriptedRankingService();
        ScriptedRankingService second = new ScriptedRankingService();
        clientFor(servers.start(first), servers.start(second));
        for (int i = 0; i < 4; i++) {
            client.recommendForGaps(GAPS);
        }

        servers.stop(0);
        int firstBefore = first.attempts.get();
        int secondBefore = second.attempts.get();
        for (int i = 0; i < 10; i++) {
            client.recommendForGaps(GAPS);
        }

        assertEquals(firstBefore, first.attempts.get());
        assertEquals(secondBefore + 10, second.attempts.get());
    }

    @Test
    void worksWhenAListedServerWasNeverUp() throws Exception {
        ScriptedRankingService up = new ScriptedRankingService();
        clientFor("127.0.0.1:" + freePort(), servers.start(up));

        for (int i = 0; i < 5; i++) {
            client.recommendForGaps(GAPS);
        }

        assertEquals(5, up.attempts.get());
    }

    @Test
    void retriesUnavailableWithBackoffUntilItSucceeds() throws Exception {
        ScriptedRankingService flaky = new ScriptedRankingService();
        flaky.errors.add(Status.UNAVAILABLE.withDescription("starting"));
        flaky.errors.add(Status.UNAVAILABLE.withDescription("starting"));
        clientFor(servers.start(flaky));

        client.recommendForGaps(GAPS);

        assertEquals(3, flaky.attempts.get());
    }

    @Test
    void givesUpAfterMaxAttempts() throws Exception {
        ScriptedRankingService down = new ScriptedRankingService();
        for (int i = 0; i < 10; i++) {
            down.errors.add(Status.UNAVAILABLE.withDescription("shutting down"));
        }
        clientFor(servers.start(down));

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> client.recommendForGaps(GAPS));

        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        assertEquals(QUICK_RETRY.maxAttempts(), down.attempts.get());
    }

    @Test
    void doesNotRetryInvalidArgument() throws Exception {
        ScriptedRankingService strict = new ScriptedRankingService();
        strict.errors.add(Status.INVALID_ARGUMENT.withDescription("gaps: at least one gap is needed"));
        clientFor(servers.start(strict));

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> client.recommendForGaps(GAPS));

        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("gaps: at least one gap is needed", e.getStatus().getDescription());
        assertEquals(1, strict.attempts.get());
    }

    @Test
    void doesNotRetryRecordOutcome() throws Exception {
        ScriptedRankingService down = new ScriptedRankingService();
        down.errors.add(Status.UNAVAILABLE.withDescription("shutting down"));
        clientFor(servers.start(down));

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> client.recordOutcome(RecordOutcomeRequest.newBuilder().setOutcomeId("o-1").build()));

        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        assertEquals(1, down.attempts.get());
    }

    @Test
    void endsACallThatGetsNoAnswerAtItsDeadline() throws Exception {
        ScriptedRankingService silent = new ScriptedRankingService();
        silent.hang = true;
        InferenceDeadlines deadlines = new InferenceDeadlines(Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofMillis(300), Duration.ofSeconds(5), Duration.ofSeconds(5));
        clientFor(List.of(servers.start(silent)), deadlines);

        long start = System.nanoTime();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> client.recommendForGaps(GAPS));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
        assertTrue(took.compareTo(Duration.ofSeconds(4)) < 0, "took " + took);
        long seen = silent.lastDeadlineMillis.get();
        assertTrue(seen > 0 && seen <= 300, "the server saw a deadline of " + seen + " ms");
    }

    @Test
    void givesEveryCallAFreshDeadline() throws Exception {
        ScriptedRankingService ranking = new ScriptedRankingService();
        clientFor(servers.start(ranking));

        client.recommendForGaps(GAPS);
        Thread.sleep(300);
        client.recommendForGaps(GAPS);

        long seen = ranking.lastDeadlineMillis.get();
        long configured = InferenceDeadlines.DEFAULTS.ranking().toMillis();
        assertTrue(seen > configured - 250 && seen <= configured, "the server saw a deadline of " + seen + " ms");
    }

    @Test
    void failsUnavailableWhenNoServerIsUp() throws Exception {
        // Building the client must not connect: an application starts while the inference servers are down.
        clientFor("127.0.0.1:" + freePort());

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> client.recommendForGaps(GAPS));

        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
    }

    @Test
    void typedMethodsReachTheirServices() throws Exception {
        FakeCatalogService catalog = new FakeCatalogService();
        clientFor(servers.start(catalog, new LengthEmbeddingService(), new EchoGradingService()));

        UpsertCoursesResponse upserted = client.upsertCourses("acme", List.of(
                Course.newBuilder().setId("c-1").setTitle("Kotlin").build(),
                Course.newBuilder().setId("c-2").setTitle("SQL").build()));
        EmbedResponse embedded = client.embed(List.of("abc"));
        GradeAnswerResponse graded = client.grade(GradeAnswerRequest.getDefaultInstance());

        assertEquals(2, upserted.getReceived());
        assertEquals("acme", catalog.courseMessages.getFirst().getTenantId());
        assertEquals(3f, embedded.getEmbeddings(0).getVector(0));
        assertEquals(GradeAnswerResponse.getDefaultInstance(), graded);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Embeds a text as its length. */
    private static final class LengthEmbeddingService extends EmbeddingServiceGrpc.EmbeddingServiceImplBase {
        @Override
        public void embed(EmbedRequest request, StreamObserver<EmbedResponse> responses) {
            EmbedResponse.Builder out = EmbedResponse.newBuilder();
            request.getTextsList().forEach(text -> out.addEmbeddings(Embedding.newBuilder().addVector(text.length())));
            responses.onNext(out.build());
            responses.onCompleted();
        }
    }

    /** Grades every answer with an empty response. */
    private static final class EchoGradingService extends GradingServiceGrpc.GradingServiceImplBase {
        @Override
        public void gradeAnswer(GradeAnswerRequest request, StreamObserver<GradeAnswerResponse> responses) {
            responses.onNext(GradeAnswerResponse.getDefaultInstance());
            responses.onCompleted();
        }
    }
}
