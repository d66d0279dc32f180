package dev.upskill.inference.embedding;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SentenceEncoderTest {

    static final List<String> TEXTS = List.of(
            "Negotiation with stakeholders",
            "Kubernetes cluster administration for platform engineers",
            "GDPR: handling personal data in HR processes",
            "How to give constructive feedback to a peer during a 360 review",
            "Управление проектами и планирование сроков",
            "x");

    static SentenceEncoder encoder;
    static SentenceEncoder.Runner runner;

    @BeforeAll
    static void load() {
        encoder = SentenceEncoder.load(ModelSource.quantizedMiniLm(), 2);
        runner = encoder.newRunner();
    }

    @AfterAll
    static void close() {
        runner.close();
        encoder.close();
    }

    @Test
    void matchesAnIndependentOnnxRuntimePathOnEveryText() {
        // The reference runs the same weights through ONNX Runtime's own Java API with langchain4j's
        // tokenisation and pooling code: nothing of DJL is shared.
        var reference = new AllMiniLmL6V2QuantizedEmbeddingModel();
        List<TextEmbedding> ours = runner.encode(TEXTS);
        for (int i = 0; i < TEXTS.size(); i++) {
            float[] expected = reference.embed(TEXTS.get(i)).content().vector();
            double cosine = cosine(expected, ours.get(i).vector());
            assertTrue(cosine >= 0.999, "cosine " + cosine + " for '" + TEXTS.get(i) + "'");
        }
    }

    @Test
    void batchingAndPaddingDoNotChangeAVector() {
        float[] alone = runner.encode(List.of(TEXTS.get(0))).getFirst().vector();
        float[] inBatch = runner.encode(TEXTS).getFirst().vector();
        assertTrue(cosine(alone, inBatch) > 0.99999, "padding to a longer text must not move the vector");
    }

    @Test
    void vectorsAreUnitLengthWithTokenCounts() {
        List<TextEmbedding> out = runner.encode(TEXTS);
        assertEquals(384, encoder.dimensions());
        for (TextEmbedding e : out) {
            assertEquals(384, e.vector().length);
            assertEquals(1.0, Math.sqrt(dot(e.vector(), e.vector())), 1e-4);
            assertFalse(e.truncated());
        }
        assertEquals(3, out.get(5).tokenCount(), "'x' is [CLS] x [SEP]");
        assertEquals(6, out.get(0).tokenCount(), "[CLS] negotiation with stake ##holders [SEP]");
    }

    @Test
    void longTextIsTruncatedAtTheModelMaximum() {
        String longText = "competency ".repeat(400);
        TextEmbedding e = runner.encode(List.of(longText)).getFirst();
        assertTrue(e.truncated());
        assertEquals(256, e.tokenCount());
    }

    @Test
    void versionIsAStableDigestOfTheWeights() {
        assertEquals(12, encoder.version().length());
        assertEquals(encoder.version(), ModelSource.quantizedMiniLm().version());
    }

    static double cosine(float[] a, float[] b) {
        return dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
