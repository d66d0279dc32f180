package dev.upskill.inference.grading;

import dev.upskill.inference.embedding.ModelSource;
import dev.upskill.inference.embedding.OnnxOptions;
import dev.upskill.inference.server.ConfigSources;
import dev.upskill.inference.server.Setting;
import dev.upskill.inference.testing.GatedEncoder;
import dev.upskill.inference.testing.InProcessInferenceServer;
import dev.upskill.proto.v1.Grade;
import dev.upskill.proto.v1.GradeAnswerResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static dev.upskill.inference.grading.GradingFixtures.INFLATION_RIGHT;
import static dev.upskill.inference.grading.GradingFixtures.INFLATION_RU;
import static dev.upskill.inference.grading.GradingFixtures.INFLATION_WRONG;
import static dev.upskill.inference.grading.GradingFixtures.STACK;
import static dev.upskill.inference.grading.GradingFixtures.STACK_GOOD;
import static dev.upskill.inference.grading.GradingFixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code grading.embedding-model-path}: grading loads a second model of its own and names it in responses. No
 * multilingual model ships with the build, so the bundled MiniLM, copied into a directory, stands in for one: the
 * test checks the wiring, not multilingual quality.
 */
class GradingModelTest {

    @Test
    void aConfiguredGradingModelIsLoadedAndNamedInResponses(@TempDir Path dir) throws Exception {
        Path modelDir = Files.createDirectory(dir.resolve("stand-in-multilingual"));
        ModelSource bundled = ModelSource.quantizedMiniLm();
        try (InputStream weights = bundled.weights().open(); InputStream tokenizer = bundled.tokenizer().open()) {
            Files.copy(weights, modelDir.resolve("model.onnx"));
            Files.copy(tokenizer, modelDir.resolve("tokenizer.json"));
        }
        try (InProcessInferenceServer server = InProcessInferenceServer.start(ConfigSources.resolve(
                Map.of(Setting.GRADING_EMBEDDING_MODEL_PATH, modelDir.toString(), Setting.MODEL_THREADS, "1"),
                Map.of(), null), GatedEncoder.overSharedModel())) {
            var grading = GradingFixtures.stub(server.channel);
            GradeAnswerResponse response = grading.gradeAnswer(request(STACK, STACK_GOOD));
            assertEquals("stand-in-multilingual", response.getEmbeddingModel().getName());
            assertEquals(bundled.version(), response.getEmbeddingModel().getVersion());
            assertTrue(response.getGrade().getScore() > 0.5 * STACK.getMaxScore(), response.getGrade().toString());
            // With a multilingual model the Russian answers are graded with the semantic signals too.
            Grade right = grading.gradeAnswer(request(INFLATION_RU, INFLATION_RIGHT)).getGrade();
            Grade wrong = grading.gradeAnswer(request(INFLATION_RU, INFLATION_WRONG)).getGrade();
            assertTrue(right.getScore() > wrong.getScore(), right.getScore() + " vs " + wrong.getScore());
        }
    }

    @Test
    void aMissingGradingModelDirectoryStopsTheStartNamingTheSetting(@TempDir Path dir) {
        GradingSettings settings = new GradingSettings(new GradingLimits(10_000, 10, 20, 50, 100, 500), 0.15,
                Optional.of(dir.resolve("missing")), 1, 1);
        GradingRuntime runtime = new GradingRuntime(settings, null, 256, new OnnxOptions(1, false));
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, runtime::load);
            assertTrue(e.getMessage().startsWith("grading.embedding-model-path"), e.getMessage());
        } finally {
            runtime.close();
        }
    }
}
