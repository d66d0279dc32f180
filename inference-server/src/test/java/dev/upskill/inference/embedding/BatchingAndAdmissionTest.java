package dev.upskill.inference.embedding;

import dev.upskill.inference.server.ServerConfig;
import dev.upskill.inference.testing.GatedEncoder;
import dev.upskill.inference.testing.Observers;
import dev.upskill.inference.testing.InProcessInferenceServer;
import dev.upskill.proto.v1.EmbedRequest;
import dev.upskill.proto.v1.EmbedResponse;
import dev.upskill.proto.v1.EmbeddingServiceGrpc;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dynamic batching, the bounded queue, deadlines and cancellation, over the in-process transport with the
 * real model behind a gate that holds the runner busy while calls queue up.
 */
class BatchingAndAdmissionTest {

    private final GatedEncoder model = GatedEncoder.overSharedModel();
    private InProcessInferenceServer server;

    private void start(int maxBatch, Duration maxWait, int queueCapacity, int maxInFlight) {
        ServerConfig config = ServerConfig.defaults()
                .withBatching(new EmbeddingBatcher.Settings(maxBatch, maxWait, queueCapacity, 1))
                .withLimits(new EmbeddingLimits(256, 10_000), maxInFlight);
        server = InProcessInferenceServer.start(config, model);
        model.forgetRuns();
    }

    @AfterEach
    void stop() {
        model.open();
        server.close();
    }

    private CompletableFuture<EmbedResponse> embedAsync(long deadlineMillis, String... texts) {
        CompletableFuture<EmbedResponse> result = new CompletableFuture<>();
        EmbeddingServiceGrpc.newStub(server.channel).withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
                .embed(EmbedRequest.newBuilder().addAllTexts(List.of(texts)).build(), Observers.completing(result));
        return result;
    }


    private static Status statusOf(CompletableFuture<?> call) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(20, TimeUnit.SECONDS));
        return Status.fromThrowable(e.getCause());
    }

    /** Closes the gate and starts a call whose model run then holds the (only) runner until the gate opens. */
    private CompletableFuture<EmbedResponse> occupyTheRunner(String text) throws InterruptedException {
        model.hold();
        CompletableFuture<EmbedResponse> running = embedAsync(20_000, text);
        model.awaitRunStarted();
        return running;
    }

    /** Waits until the server holds {@code texts} texts in its queue. */
    private void awaitQueued(int texts) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until) {
            var gauge = server.registry.find("upskill.embedding.queue.depth").gauge();
            if (gauge != null && gauge.value() == texts) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("queue never reached " + texts + " texts");
    }

    @Test
    void concurrentRequestsShareOneModelRun() throws Exception {
        start(32, Duration.ZERO, 4096, 64);
        CompletableFuture<EmbedResponse> first = occupyTheRunner("first");
        List<CompletableFuture<EmbedResponse>> waiting = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waiting.add(embedAsync(20_000, "waiting " + i));
        }
        awaitQueued(5);
        model.open();

        first.get(20, TimeUnit.SECONDS);
        for (CompletableFuture<EmbedResponse> call : waiting) {
            assertEquals(1, call.get(20, TimeUnit.SECONDS).getEmbeddingsCount());
        }
        assertEquals(List.of(1, 5), model.runs().stream().map(List::size).toList(),
                "the five calls that queued behind the first ran together");
    }

    @Test
    void aRequestThatDoesNotFitTheBatchLeadsTheNextOne() throws Exception {
        start(32, Duration.ZERO, 4096, 64);
        CompletableFuture<EmbedResponse> first = occupyTheRunner("first");
        CompletableFuture<EmbedResponse> small = embedAsync(20_000, "s1", "s2", "s3");
        awaitQueued(3);
        String[] thirty = new String[30];
        for (int i = 0; i < thirty.length; i++) {
            thirty[i] = "large " + i;
        }
        CompletableFuture<EmbedResponse> large = embedAsync(20_000, thirty);
        awaitQueued(33);
        model.open();

        first.get(20, TimeUnit.SECONDS);
        assertEquals(3, small.get(20, TimeUnit.SECONDS).getEmbeddingsCount());
        assertEquals(30, large.get(20, TimeUnit.SECONDS).getEmbeddingsCount());
        assertEquals(List.of(1, 3, 30), model.runs().stream().map(List::size).toList(),
                "3 + 30 texts exceed a batch of 32: the large request runs next, whole");
    }

    @Test
    void withBatchingOffEveryRequestRunsAlone() throws Exception {
        start(1, Duration.ZERO, 4096, 64);
        CompletableFuture<EmbedResponse> first = occupyTheRunner("first");
        List<CompletableFuture<EmbedResponse>> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiting.add(embedAsync(20_000, "waiting " + i));
        }
        awaitQueued(3);
        model.open();
        first.get(20, TimeUnit.SECONDS);
        for (CompletableFuture<EmbedResponse> call : waiting) {
            call.get(20, TimeUnit.SECONDS);
        }
        assertEquals(List.of(1, 1, 1, 1), model.runs().stream().map(List::size).toList());
    }

    @Test
    void aLoneRequestDoesNotWaitForCompany() throws Exception {
        // Even with a 10 s batching window, a request with no concurrent callers runs at once.
        start(32, Duration.ofSeconds(10), 4096, 64);
        long start = System.nanoTime();
        embedAsync(20_000, "alone").get(20, TimeUnit.SECONDS);
        embedAsync(20_000, "alone again").get(20, TimeUnit.SECONDS);
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "lone requests waited for company");
    }

    @Test
    void aFullQueueRefusesWorkWithResourceExhausted() throws Exception {
        start(32, Duration.ZERO, 4, 64);
        CompletableFuture<EmbedResponse> running = occupyTheRunner("running");
        CompletableFuture<EmbedResponse> queued = embedAsync(20_000, "q1", "q2", "q3");
        awaitQueued(3);

        Status refused = statusOf(embedAsync(20_000, "one", "too many"));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.getCode());
        assertTrue(refused.getDescription().contains("queue.capacity"), refused.getDescription());

        model.open();
        running.get(20, TimeUnit.SECONDS);
        assertEquals(3, queued.get(20, TimeUnit.SECONDS).getEmbeddingsCount(), "queued work is not lost");
    }

    @Test
    void callsBeyondTheConcurrencyLimitAreRefused() throws Exception {
        start(32, Duration.ZERO, 4096, 2);
        CompletableFuture<EmbedResponse> a = occupyTheRunner("a");
        CompletableFuture<EmbedResponse> b = embedAsync(20_000, "b");
        awaitQueued(1);
        Status refused = statusOf(embedAsync(20_000, "c"));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.getCode());
        assertTrue(refused.getDescription().contains("limits.max-in-flight"), refused.getDescription());
        model.open();
        a.get(20, TimeUnit.SECONDS);
        b.get(20, TimeUnit.SECONDS);
    }

    @Test
    void workWhoseDeadlinePassesInTheQueueIsNeverRun() throws Exception {
        start(32, Duration.ZERO, 4096, 64);
        CompletableFuture<EmbedResponse> running = occupyTheRunner("running");
        CompletableFuture<EmbedResponse> late = embedAsync(300, "too late");
        awaitQueued(1);
        assertEquals(Status.Code.DEADLINE_EXCEEDED, statusOf(late).getCode());
        model.open();
        running.get(20, TimeUnit.SECONDS);
        embedAsync(20_000, "next").get(20, TimeUnit.SECONDS); // the runner has moved past the dropped work
        assertFalse(model.textsRun().contains("too late"), "expired work reached the model: " + model.runs());
    }

    @Test
    void aDeadlineThatCannotBeMetIsRefusedBeforeQueueing() throws Exception {
        start(32, Duration.ZERO, 4096, 64);
        // Teach the server that a model run takes about a second.
        CompletableFuture<EmbedResponse> slow = occupyTheRunner("slow run");
        Thread.sleep(1000);
        model.open();
        slow.get(20, TimeUnit.SECONDS);

        CompletableFuture<EmbedResponse> running = occupyTheRunner("running");
        long start = System.nanoTime();
        Status refused = statusOf(embedAsync(400, "cannot make it"));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, refused.getCode());
        assertTrue(refused.getDescription().contains("cannot be met"), refused.getDescription());
        assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(400),
                "refused at admission, not after waiting out the deadline");
        model.open();
        running.get(20, TimeUnit.SECONDS);
        assertFalse(model.textsRun().contains("cannot make it"));
    }

    @Test
    void aCancelledCallStopsConsumingWork() throws Exception {
        start(32, Duration.ZERO, 4096, 64);
        CompletableFuture<EmbedResponse> running = occupyTheRunner("running");

        Context.CancellableContext context = Context.current().withCancellation();
        CompletableFuture<EmbedResponse> cancelled = new CompletableFuture<>();
        context.run(() -> EmbeddingServiceGrpc.newStub(server.channel)
                .embed(EmbedRequest.newBuilder().addTexts("abandoned").build(), Observers.completing(cancelled)));
        awaitQueued(1);
        context.cancel(null);
        assertEquals(Status.Code.CANCELLED, statusOf(cancelled).getCode());

        model.open();
        running.get(20, TimeUnit.SECONDS);
        embedAsync(20_000, "next").get(20, TimeUnit.SECONDS);
        assertFalse(model.textsRun().contains("abandoned"), "cancelled work reached the model: " + model.runs());
    }

    @Test
    void anExpiredDeadlineIsRefusedWithoutRunningTheModel() {
        start(32, Duration.ZERO, 4096, 64);
        var stub = EmbeddingServiceGrpc.newBlockingStub(server.channel).withDeadlineAfter(1, TimeUnit.NANOSECONDS);
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> stub.embed(EmbedRequest.newBuilder().addTexts("expired").build()));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
        assertTrue(model.runs().isEmpty());
    }
}
