package dev.upskill.inference.grading;

import dev.upskill.inference.embedding.TextEncoder;
import dev.upskill.inference.embedding.EmbeddingRuntime;
import dev.upskill.inference.embedding.ModelSource;
import dev.upskill.inference.embedding.OnnxOptions;
import dev.upskill.inference.embedding.SentenceEncoder;
import dev.upskill.inference.rpc.BoundedWorkers;
import dev.upskill.inference.rpc.RejectedWorkException;
import dev.upskill.inference.rpc.RejectedWorkException.Reason;
import dev.upskill.inference.text.LanguageAnalyzers;
import dev.upskill.proto.v1.ModelVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Grading's life cycle: absent while the server starts, then a {@link Grader} over the shipped calibrations and
 * model runs of its own ({@link RunEmbedder}: the server's model, or a multilingual model when
 * {@code grading.embedding-model-path} is set), then closed. Calls before it is ready are refused
 * ({@link Reason#NOT_READY}: UNAVAILABLE).
 *
 * <p>Grading has its own {@link BoundedWorkers} rather than the catalog's: it is CPU work (text analysis,
 * scoring) of a different size and burstiness (a GradeBatch of 500 answers), and sharing threads would let a
 * burst of grading queue catalog searches and ranking behind it, and the reverse.
 */
public final class GradingRuntime implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GradingRuntime.class);

    /** Names the calibration in {@code meta.model}; its version is {@link Grader#calibrationVersion()}. */
    static final String CALIBRATION_NAME = "grader-calibration";

    /** What a call needs once grading is ready. */
    record Ready(Grader grader, ModelVersion calibration, ModelVersion embeddingModel) {
    }

    private final GradingSettings settings;
    private final EmbeddingRuntime shared;
    private final int maxTokens;
    private final OnnxOptions onnx;
    private final LanguageAnalyzers analyzers = new LanguageAnalyzers();
    private final BoundedWorkers workers;
    private volatile TextEncoder multilingual;
    private volatile RunEmbedder runs;
    private volatile Ready ready;

    /**
     * @param shared the server's embedding model, used unless a multilingual model is configured
     * @param maxTokens truncation length for the multilingual model
     */
    public GradingRuntime(GradingSettings settings, EmbeddingRuntime shared, int maxTokens, OnnxOptions onnx) {
        this.settings = settings;
        this.shared = shared;
        this.maxTokens = maxTokens;
        this.onnx = onnx;
        this.workers = new BoundedWorkers("grading", settings.threads(), settings.queueCapacity(),
                "grading.queue.capacity");
    }

    /** Loads the calibrations and, when configured, the multilingual model; call after the shared model loaded. */
    public void load() {
        long start = System.nanoTime();
        TextEncoder encoder;
        if (settings.embeddingModelPath().isPresent()) {
            encoder = SentenceEncoder.load(source(settings.embeddingModelPath().get()), onnx);
            multilingual = encoder;
        } else {
            encoder = shared.encoder();
        }
        RunEmbedder embedder = new RunEmbedder(encoder, settings.threads());
        runs = embedder;
        Grader grader = new Grader(analyzers, embedder,
                Calibration.shipped(Calibration.FULL), Calibration.shipped(Calibration.LEXICAL),
                new Grader.Settings(settings.offTopicFloor(), settings.embeddingModelPath().isPresent()));
        ready = new Ready(grader,
                ModelVersion.newBuilder().setName(CALIBRATION_NAME).setVersion(grader.calibrationVersion()).build(),
                ModelVersion.newBuilder().setName(embedder.modelName()).setVersion(embedder.modelVersion()).build());
        log.info("grading ready: calibration {}, embedding model {} ({}) in {} ms", grader.calibrationVersion(),
                embedder.modelName(), settings.embeddingModelPath().isPresent() ? "multilingual" : "shared",
                (System.nanoTime() - start) / 1_000_000);
    }

    private ModelSource source(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("grading.embedding-model-path is not a directory: " + directory);
        }
        try {
            return ModelSource.directory(directory, maxTokens);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("grading.embedding-model-path: " + e.getMessage(), e);
        }
    }

    /** The grader and the versions responses name. @throws RejectedWorkException NOT_READY while starting */
    Ready ready() {
        Ready current = ready;
        if (current == null) {
            throw new RejectedWorkException(Reason.NOT_READY, "grading is starting; retry shortly");
        }
        return current;
    }

    GradingSettings settings() {
        return settings;
    }

    BoundedWorkers workers() {
        return workers;
    }

    /** Lets admitted work finish for up to {@code drain}, then frees the multilingual model. */
    public void close(Duration drain) {
        workers.close(drain);
        ready = null;
        RunEmbedder currentRuns = runs;
        if (currentRuns != null) {
            currentRuns.close();
        }
        TextEncoder own = multilingual;
        if (own != null) {
            own.close();
        }
        analyzers.close();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
