package dev.upskill.inference.grading;

import dev.upskill.inference.server.ConfigSources;
import dev.upskill.inference.server.Setting;
import dev.upskill.inference.testing.GatedEncoder;
import dev.upskill.inference.testing.InProcessInferenceServer;
import dev.upskill.inference.testing.Observers;
import dev.upskill.proto.v1.GradeAnswerResponse;
import dev.upskill.proto.v1.GradingServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.upskill.inference.grading.GradingFixtures.STACK;
import static dev.upskill.inference.grading.GradingFixtures.STACK_GOOD;
import static dev.upskill.inference.grading.GradingFixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Grading under load, on one grading thread with one queue slot: a full queue refuses with RESOURCE_EXHAUSTED,
 * and a call whose deadline passes while queued never reaches the model. The model is held shut
 * ({@link GatedEncoder}) so that a call occupies the grading thread for as long as the test wants.
 */
class GradingAdmissionTest {

    private final GatedEncoder model = GatedEncoder.overSharedModel();
    private InProcessInferenceServer server;
    private GradingServiceGrpc.GradingServiceStub async;

    @BeforeEach
    void start() {
        server = InProcessInferenceServer.start(ConfigSources.resolve(Map.of(Setting.GRADING_THREADS, "1",
                Setting.GRADING_QUEUE_CAPACITY, "1"), Map.of(), null), model);
        async = GradingServiceGrpc.newStub(server.channel);
    }

    @AfterEach
    void stop() {
        model.open();
        server.close();
    }

    private CompletableFuture<GradeAnswerResponse> grade(String answer, long deadlineMillis) {
        CompletableFuture<GradeAnswerResponse> result = new CompletableFuture<>();
        async.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS).gradeAnswer(request(STACK, answer),
                Observers.completing(result));
        return result;
    }

    private static Status.Code code(CompletableFuture<?> call) {
        Throwable failure = assertThrows(Exception.class, () -> call.get(30, TimeUnit.SECONDS)).getCause();
        return ((StatusRuntimeException) failure).getStatus().getCode();
    }

    @Test
    void aFullQueueRefusesAtOnceAndQueuedWorkStillCompletes() throws Exception {
        model.hold();
        CompletableFuture<GradeAnswerResponse> running = grade(STACK_GOOD, 30_000);
        model.awaitRunStarted(); // the one grading thread now waits for the model
        CompletableFuture<GradeAnswerResponse> second = grade(STACK_GOOD, 30_000);
        CompletableFuture<GradeAnswerResponse> third = grade(STACK_GOOD, 30_000);
        CompletableFuture.anyOf(second, third).handle((ignored, failure) -> null).get(10, TimeUnit.SECONDS);
        CompletableFuture<GradeAnswerResponse> refused = second.isDone() ? second : third;
        CompletableFuture<GradeAnswerResponse> queued = refused == second ? third : second;
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, code(refused));
        model.open();
        assertTrue(running.get(30, TimeUnit.SECONDS).getGrade().getScore() > 0);
        assertTrue(queued.get(30, TimeUnit.SECONDS).getGrade().getScore() > 0);
    }

    @Test
    void aCallWhoseDeadlinePassesWhileQueuedIsNotRun() throws Exception {
        model.hold();
        CompletableFuture<GradeAnswerResponse> running = grade(STACK_GOOD, 30_000);
        model.awaitRunStarted();
        String late = "An answer that waits in the grading queue until its deadline has passed.";
        assertEquals(Status.Code.DEADLINE_EXCEEDED, code(grade(late, 200)));
        model.open();
        running.get(30, TimeUnit.SECONDS);
        Thread.sleep(200);
        assertFalse(model.textsRun().contains(late), "the expired call's answer reached the model");
    }
}
