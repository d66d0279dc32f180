package dev.upskill.inference.prediction;

import dev.upskill.inference.server.ServerConfig;
import dev.upskill.inference.testing.GatedEncoder;
import dev.upskill.inference.testing.InProcessInferenceServer;
import dev.upskill.inference.testing.TemporaryDirectories;
import dev.upskill.proto.v1.AssignmentModelInfo;
import dev.upskill.proto.v1.AssignmentServiceGrpc;
import dev.upskill.proto.v1.GetModelInfoRequest;
import dev.upskill.proto.v1.TrainingSpec;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model survives a restart; a training whose deadline passes swaps nothing. */
class AssignmentRestartTest {

    private final Path root = TemporaryDirectories.create("upskill-assignment-restart-");

    @AfterEach
    void clean() {
        TemporaryDirectories.delete(root);
    }

    @Test
    void aRestartedServerServesTheStoredVersionAtOnce() throws Exception {
        ServerConfig defaults = ServerConfig.defaults();
        ServerConfig config = defaults.withAssignment(defaults.assignment().withDirectory(root)
                .withSampleRows(400));
        AssignmentModelInfo first;
        try (InProcessInferenceServer server = InProcessInferenceServer.start(config, GatedEncoder.overSharedModel())) {
            var stub = AssignmentServiceGrpc.newBlockingStub(server.channel);
            first = AssignmentServiceTest.awaitModel(stub).getModel();
            assertTrue(first.getDataSource().startsWith("sample-generator seed=42"), first.getDataSource());
            assertEquals(AssignmentFeature.names(), first.getFeaturesList());
            assertEquals(100, first.getParameters().getTrees());
            assertEquals(5, first.getCrossValidation().getFolds());

            // One training at a time: a second call while the first runs is ABORTED.
            CompletableFuture<Exception> running = CompletableFuture.supplyAsync(() -> {
                try {
                    AssignmentServiceTest.train(server.channel, TrainingSpec.newBuilder().setDryRun(true).build(),
                            SampleData.generate(3000, 4, 0), 120_000);
                    return null;
                } catch (Exception e) {
                    return e;
                }
            });
            Thread.sleep(700);
            StatusRuntimeException busy = assertThrows(StatusRuntimeException.class, () -> AssignmentServiceTest
                    .train(server.channel, TrainingSpec.newBuilder().setDryRun(true).build(),
                            SampleData.generate(200, 4, 0), 60_000));
            assertEquals(Status.Code.ABORTED, busy.getStatus().getCode());
            assertEquals(null, running.get(120, TimeUnit.SECONDS));

            // A deadline far shorter than the training: DEADLINE_EXCEEDED, and the serving model stays.
            StatusRuntimeException late = assertThrows(StatusRuntimeException.class, () -> AssignmentServiceTest
                    .train(server.channel, TrainingSpec.newBuilder().setForce(true).build(),
                            SampleData.generate(3000, 9, 0), 100));
            assertEquals(Status.Code.DEADLINE_EXCEEDED, late.getStatus().getCode());
            Thread.sleep(500);
            assertEquals(first.getVersion(),
                    stub.getModelInfo(GetModelInfoRequest.getDefaultInstance()).getModel().getVersion());
        }
        assertEquals(first.getVersion() + "\n", Files.readString(root.resolve("CURRENT")));
        AssignmentModel stored = AssignmentModel.read(new ByteArrayInputStream(
                Files.readAllBytes(root.resolve(first.getVersion()).resolve("model.bin"))));
        assertEquals(first.getVersion(), stored.version());
        try (InProcessInferenceServer again = InProcessInferenceServer.start(config, GatedEncoder.overSharedModel())) {
            AssignmentModelInfo reloaded = AssignmentServiceGrpc.newBlockingStub(again.channel)
                    .withDeadlineAfter(5, TimeUnit.SECONDS).getModelInfo(GetModelInfoRequest.getDefaultInstance())
                    .getModel();
            assertEquals(first, reloaded);
        }
        List<String> features = List.of(Files.readString(root.resolve(first.getVersion()).resolve("features.json"))
                .replaceAll("[\\[\\]\"\\s]", "").split(","));
        assertEquals(AssignmentFeature.names(), features);
    }
}
