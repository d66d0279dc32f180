package dev.upskill.inference.testing;

import dev.upskill.inference.embedding.ModelSource;
import dev.upskill.inference.embedding.OnnxOptions;
import dev.upskill.inference.embedding.SentenceEncoder;

/**
 * The real quantized model, loaded once per test JVM and shared by the test classes (loading takes
 * seconds; the model is read-only). Never closed: the JVM's exit frees it.
 */
public final class TestModels {

    private static SentenceEncoder quantized;

    private TestModels() {
    }

    public static synchronized SentenceEncoder quantized() {
        if (quantized == null) {
            quantized = SentenceEncoder.load(ModelSource.quantizedMiniLm(), new OnnxOptions(2, false));
        }
        return quantized;
    }
}
