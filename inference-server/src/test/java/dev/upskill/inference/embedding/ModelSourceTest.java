package dev.upskill.inference.embedding;

import dev.upskill.inference.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Models from a directory (any sentence-transformer exported to ONNX) and the errors of a bad one. */
class ModelSourceTest {

    @Test
    void aModelDirectoryServesLikeTheBundledModel(@TempDir Path dir) throws Exception {
        copy(ModelSource.quantizedMiniLm().weights().open(), dir.resolve("model.onnx"));
        copy(ModelSource.quantizedMiniLm().tokenizer().open(), dir.resolve("tokenizer.json"));
        ModelSource source = ModelSource.resolve("quantized", dir, 128);
        assertEquals(dir.getFileName().toString(), source.name());

        List<String> texts = List.of("Conflict resolution in cross-functional teams", "word ".repeat(200));
        try (SentenceEncoder fromDirectory = SentenceEncoder.load(source, new OnnxOptions(1, false));
             TextEncoder.Runner runner = fromDirectory.newRunner();
             TextEncoder.Runner bundled = TestModels.quantized().newRunner()) {
            assertEquals(TestModels.quantized().version(), fromDirectory.version(), "same weights, same version");
            List<TextEmbedding> ours = runner.encode(texts.subList(0, 1));
            assertArrayEquals(bundled.encode(texts.subList(0, 1)).getFirst().vector(), ours.getFirst().vector(), 1e-6f);
            TextEmbedding longText = runner.encode(texts.subList(1, 2)).getFirst();
            assertEquals(128, longText.tokenCount(), "model.max-tokens applies to directory models");
            assertTrue(longText.truncated());
        }
    }

    @Test
    void aDirectoryWithoutWeightsIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tokenizer.json"), "{}");
        var e = assertThrows(IllegalArgumentException.class, () -> ModelSource.directory(dir, 256));
        assertEquals("model.path " + dir + " must hold exactly one *.onnx file, found 0", e.getMessage());
    }

    @Test
    void aMissingDirectoryIsRefusedNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("nope");
        var e = assertThrows(IllegalArgumentException.class, () -> ModelSource.directory(missing, 256));
        assertEquals("model.path is not a directory: " + missing, e.getMessage());
    }

    @Test
    void invalidWeightsFailToLoadWithAClearError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("model.onnx"), "not an onnx model");
        copy(ModelSource.quantizedMiniLm().tokenizer().open(), dir.resolve("tokenizer.json"));
        var e = assertThrows(IllegalArgumentException.class,
                () -> SentenceEncoder.load(ModelSource.directory(dir, 256), new OnnxOptions(1, false)));
        assertTrue(e.getMessage().contains("is not a valid ONNX model"), e.getMessage());
    }

    private static void copy(InputStream in, Path to) throws Exception {
        try (in) {
            Files.copy(in, to);
        }
    }
}
