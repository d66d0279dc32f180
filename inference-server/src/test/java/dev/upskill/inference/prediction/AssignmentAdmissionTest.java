package dev.upskill.inference.prediction;

import dev.upskill.inference.server.ConfigSources;
import dev.upskill.inference.server.Setting;
import dev.upskill.inference.testing.TemporaryDirectories;
import dev.upskill.proto.v1.AssignmentServiceGrpc;
import dev.upskill.proto.v1.GetModelInfoRequest;
import dev.upskill.proto.v1.PredictSuccessRequest;
import dev.upskill.proto.v1.TrainModelResponse;
import dev.upskill.proto.v1.TrainingSpec;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What assignment callers get while the service is busy: one training at a time, a training whose deadline
 * passes swaps nothing, and a full work queue refuses at once. Trainings are held at a gate and the workers
 * filled by the test, so "busy" is a known state rather than a guess about timing.
 */
class AssignmentAdmissionTest {

    private final Path root = TemporaryDirectories.create("upskill-assignment-admission-");
    private GatedAssignmentServer server;
    private AssignmentServiceGrpc.AssignmentServiceBlockingStub stub;

    @BeforeEach
    void start() throws Exception {
        // Through the configuration sources, as an operator would set it: one thread, one waiting call.
        AssignmentSettings settings = ConfigSources.resolve(Map.of(
                Setting.ASSIGNMENT_DIR, root.toString(),
                Setting.ASSIGNMENT_SAMPLE_ROWS, "400",
                Setting.ASSIGNMENT_THREADS, "1",
                Setting.ASSIGNMENT_QUEUE_CAPACITY, "1",
                Setting.ASSIGNMENT_PREDICTION_LOG, "false"), Map.of(), null).assignment();
        server = GatedAssignmentServer.start(settings);
        stub = AssignmentServiceGrpc.newBlockingStub(server.channel);
    }

    @AfterEach
    void stop() {
        server.close();
        TemporaryDirectories.delete(root);
    }

    private CompletableFuture<TrainModelResponse> trainAsync(TrainingSpec spec, long deadlineMillis) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return AssignmentServiceTest.train(server.channel, spec, SampleData.generate(300, 4, 0),
                        deadlineMillis);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
    }

    private String servingVersion() {
        return stub.withDeadlineAfter(10, TimeUnit.SECONDS).getModelInfo(GetModelInfoRequest.getDefaultInstance())
                .getModel().getVersion();
    }

    @Test
    void aSecondTrainingWhileOneRunsIsAbortedAndTheFirstStillCompletes() throws Exception {
        server.trainer.hold();
        CompletableFuture<TrainModelResponse> running = trainAsync(TrainingSpec.newBuilder().setDryRun(true).build(),
                60_000);
        server.trainer.awaitStarted();

        StatusRuntimeException busy = assertThrows(StatusRuntimeException.class, () -> AssignmentServiceTest.train(
                server.channel, TrainingSpec.newBuilder().setDryRun(true).build(), SampleData.generate(200, 5, 0),
                10_000));
        assertEquals(Status.Code.ABORTED, busy.getStatus().getCode());
        assertEquals("another training is running; retry when it has finished", busy.getStatus().getDescription());

        server.trainer.open();
        assertEquals("dry run", running.get(60, TimeUnit.SECONDS).getSwapReason());
        // Once it has finished, the next training is admitted again.
        assertEquals("dry run", trainAsync(TrainingSpec.newBuilder().setDryRun(true).build(), 60_000)
                .get(60, TimeUnit.SECONDS).getSwapReason());
    }

    @Test
    void aTrainingWhoseDeadlinePassesSwapsNothingEvenWhenForced() throws Exception {
        String before = servingVersion();
        server.trainer.hold();
        CompletableFuture<TrainModelResponse> late = trainAsync(TrainingSpec.newBuilder().setForce(true).build(),
                5_000);
        server.trainer.awaitStarted();
        // The training is held until the caller's deadline has passed ...
        Throwable failure = assertThrows(Exception.class, () -> late.get(60, TimeUnit.SECONDS)).getCause();
        assertEquals(Status.Code.DEADLINE_EXCEEDED, Status.fromThrowable(failure).getCode());
        // ... then runs to its end on the server, which must not swap it in.
        server.trainer.open();
        server.trainer.awaitFinished();
        assertEquals(before, servingVersion());
        assertEquals(before + "\n", Files.readString(root.resolve("CURRENT")));

        // The same forced training within its deadline does swap: the check above was not vacuous.
        TrainModelResponse forced = trainAsync(TrainingSpec.newBuilder().setForce(true).build(), 60_000)
                .get(60, TimeUnit.SECONDS);
        assertTrue(forced.getSwapped());
        assertFalse(before.equals(servingVersion()));
    }

    @Test
    void aFullWorkQueueRefusesAtOnceNamingTheLimit() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        // The one worker thread waits at the gate, and one more piece of work fills the one queue slot.
        CompletableFuture<Void> busy = server.runtime.workers().submit(() -> {
            holding.countDown();
            awaitQuietly(gate);
            return null;
        });
        assertTrue(holding.await(10, TimeUnit.SECONDS));
        CompletableFuture<String> queued = server.runtime.workers().submit(() -> "queued");
        try {
            // Were the call queued instead of refused, it would wait for the gate and end DEADLINE_EXCEEDED.
            StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> stub
                    .withDeadlineAfter(10, TimeUnit.SECONDS).predictSuccess(PredictSuccessRequest.getDefaultInstance()));
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.getStatus().getCode());
            assertEquals("the assignment work queue is full at assignment.queue.capacity=1; retry with backoff",
                    refused.getStatus().getDescription());
        } finally {
            gate.countDown();
        }
        busy.get(10, TimeUnit.SECONDS);
        assertEquals("queued", queued.get(10, TimeUnit.SECONDS));
        // With the queue drained, the same call is answered.
        assertEquals(11, stub.withDeadlineAfter(10, TimeUnit.SECONDS)
                .predictSuccess(PredictSuccessRequest.getDefaultInstance()).getPrediction().getImputedFeaturesCount());
    }

    private static void awaitQuietly(CountDownLatch gate) {
        try {
            if (!gate.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("test gate never opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
