package dev.upskill.inference.grading;

import dev.upskill.inference.embedding.EmbeddingBatcher;
import dev.upskill.inference.embedding.EmbeddingRuntime;
import dev.upskill.inference.embedding.ModelSource;
import dev.upskill.inference.embedding.OnnxOptions;
import dev.upskill.inference.embedding.SentenceEncoder;
import dev.upskill.inference.rpc.BoundedWorkers;
import dev.upskill.inference.rpc.RejectedWorkException;
import dev.upskill.inference.rpc.RejectedWorkException.Reason;
import dev.upskill.inference.text.LanguageAnalyzers;
import dev.upskill.proto.v1.ModelVersion;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Grading's life cycle: absent while the server starts, then a {@link Grader} over the shipped calibrations and
 * a batcher of one text per model run (over the server's shared model, or a multilingual model of its own when
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
    private final EmbeddingBatcher.Settings batching;
    private final int maxTokens;
    private final OnnxOptions onnx;
    private final LanguageAnalyzers analyzers = new LanguageAnalyzers();
    private final BoundedWorkers workers;
    private volatile EmbeddingRuntime multilingual;
    /** Grading's own one-text runs of the shared model (when no multilingual model is configured). */
    private volatile EmbeddingBatcher sharedModelRuns;
    private volatile Ready ready;

    /**
     * @param shared the server's embedding model, used unless a multilingual model is configured
     * @param batching batch sizes for the multilingual model's batcher (it gets one runner)
     * @param maxTokens truncation length for the multilingual model
     */
    public GradingRuntime(GradingSettings settings, EmbeddingRuntime shared, EmbeddingBatcher.Settings batching,
            int maxTokens, OnnxOptions onnx) {
        this.settings = settings;
        this.shared = shared;
        this.batching = batching;
        this.maxTokens = maxTokens;
        this.onnx = onnx;
        this.workers = new BoundedWorkers("grading", settings.threads(), settings.queueCapacity());
    }

    /** Loads the calibrations and, when configured, the multilingual model; call after the shared model loaded. */
    public void load() {
        long start = System.nanoTime();
        // One text per model run: the int8 model quantizes a run's activations with one scale for the whole
        // run, so a text's vector (and a grade) would otherwise shift with whatever texts share its run. With
        // runs of one, a grade depends on the request alone: GradeBatch equals GradeAnswer, repeated calls
        // agree, and an instruction appended to an answer provably cannot raise it.
        EmbeddingBatcher.Settings oneTextPerRun = new EmbeddingBatcher.Settings(1, Duration.ZERO,
                batching.queueCapacity(), 1);
        EmbeddingBatcher batcher;
        if (settings.embeddingModelPath().isPresent()) {
            EmbeddingRuntime own = new EmbeddingRuntime(oneTextPerRun,
                    // Its meters would carry the same names as the shared model's and be merged with them.
                    new SimpleMeterRegistry());
            multilingual = own;
            own.load(() -> SentenceEncoder.load(source(settings.embeddingModelPath().get()), onnx));
            batcher = own.batcher();
        } else {
            batcher = new EmbeddingBatcher(shared.encoder(), oneTextPerRun, new SimpleMeterRegistry());
            sharedModelRuns = batcher;
        }
        Grader grader = new Grader(analyzers, new BatcherEmbedder(batcher),
                Calibration.shipped(Calibration.FULL), Calibration.shipped(Calibration.LEXICAL),
                new Grader.Settings(settings.offTopicFloor(), settings.embeddingModelPath().isPresent()));
        ready = new Ready(grader,
                ModelVersion.newBuilder().setName(CALIBRATION_NAME).setVersion(grader.calibrationVersion()).build(),
                ModelVersion.newBuilder().setName(batcher.modelName()).setVersion(batcher.modelVersion()).build());
        log.info("grading ready: calibration {}, embedding model {} ({}) in {} ms", grader.calibrationVersion(),
                batcher.modelName(), settings.embeddingModelPath().isPresent() ? "multilingual" : "shared",
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
        EmbeddingBatcher runs = sharedModelRuns;
        if (runs != null) {
            runs.close(drain);
        }
        EmbeddingRuntime own = multilingual;
        if (own != null) {
            own.close(drain);
        }
        analyzers.close();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
