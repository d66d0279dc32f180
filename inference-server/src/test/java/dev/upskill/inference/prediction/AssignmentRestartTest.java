package dev.upskill.inference.prediction;

import dev.upskill.inference.server.ServerConfig;
import dev.upskill.inference.testing.GatedEncoder;
import dev.upskill.inference.testing.InProcessInferenceServer;
import dev.upskill.inference.testing.TemporaryDirectories;
import dev.upskill.proto.v1.AssignmentModelInfo;
import dev.upskill.proto.v1.AssignmentServiceGrpc;
import dev.upskill.proto.v1.GetModelInfoRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model survives a restart (busy and late trainings: {@link AssignmentAdmissionTest}). */
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
