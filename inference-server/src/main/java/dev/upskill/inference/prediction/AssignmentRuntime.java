package dev.upskill.inference.prediction;

import dev.upskill.inference.rpc.BoundedWorkers;
import dev.upskill.inference.rpc.CallerBudget;
import dev.upskill.inference.rpc.RejectedWorkException.Reason;
import dev.upskill.inference.rpc.RejectedWorkException;
import dev.upskill.proto.v1.AssignmentModelInfo;
import dev.upskill.proto.v1.ModelMetrics;
import dev.upskill.proto.v1.ModelVersion;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * The assignment model's life cycle: loaded from {@code assignment.dir} at start (or, on a fresh install,
 * trained in the background from the sample generator), swapped atomically by a training that scores at least
 * as well, and one training at a time. Calls hold the {@link Serving} they started with, so a swap never mixes
 * versions within a call.
 */
public final class AssignmentRuntime implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AssignmentRuntime.class);

    /** The name every response's {@code meta.model} carries. */
    public static final String MODEL_NAME = "assignment-forest";
    /** Seed of the sample data and the first model of a fresh install. */
    static final long SAMPLE_SEED = 42;

    /** A serving model: the model, its description and its version as responses report it. */
    public record Serving(AssignmentModel model, AssignmentModelInfo info, ModelVersion version) {
        static Serving of(AssignmentModel model, AssignmentModelInfo info) {
            return new Serving(model, info,
                    ModelVersion.newBuilder().setName(MODEL_NAME).setVersion(model.version()).build());
        }
    }

    /** What a training call produced and decided. */
    public record TrainingOutcome(AssignmentModelInfo info, boolean swapped, String reason,
            Optional<ModelMetrics> previous, Serving servingAfter) {
    }

    private final AssignmentSettings settings;
    private final ModelStore store;
    private final BoundedWorkers workers;
    private final AssignmentTraining training;
    private final ExecutorService trainer;
    private final AtomicReference<Serving> serving = new AtomicReference<>();
    private final AtomicBoolean trainingRuns = new AtomicBoolean();
    private volatile boolean loading = true;
    private volatile boolean closed;

    public AssignmentRuntime(AssignmentSettings settings) {
        this(settings, Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("assignment-training").daemon(true).factory()));
    }

    /**
     * @param trainer runs trainings (the first model's and TrainModel's), one at a time; tests pass one that
     *        can hold a training at a gate, to see what callers get while it runs. Shut down by {@link #close}.
     */
    AssignmentRuntime(AssignmentSettings settings, ExecutorService trainer) {
        this.settings = settings;
        this.trainer = trainer;
        this.store = new ModelStore(settings.directory());
        this.workers = new BoundedWorkers("assignment", settings.threads(), settings.queueCapacity(),
                "assignment.queue.capacity");
        this.training = new AssignmentTraining(settings.threads(), settings.snapValues());
    }

    /**
     * Loads the serving model from disk. When there is none, trains the first one from sample data on a
     * background thread and returns a future that completes once it serves (already complete otherwise).
     */
    public CompletableFuture<Void> load() {
        Optional<ModelStore.Stored> stored = store.loadCurrent();
        if (stored.isPresent()) {
            serving.set(Serving.of(stored.get().model(), stored.get().info()));
            loading = false;
            log.info("assignment model {} loaded from {}", stored.get().model().version(), store.directory());
            return CompletableFuture.completedFuture(null);
        }
        log.info("no assignment model in {}: training one from {} sample rows", store.directory(),
                settings.sampleRows());
        trainingRuns.set(true);
        return CompletableFuture.runAsync(() -> {
            try {
                List<LabelledRow> rows = SampleData.generate(settings.sampleRows(), SAMPLE_SEED, 0.02);
                AssignmentTraining.Result run = training.run(rows, SAMPLE_SEED, settings.threshold(),
                        "sample-generator seed=" + SAMPLE_SEED + " rows=" + settings.sampleRows(), () -> closed);
                AssignmentModelInfo info = ModelInfos.of(run);
                install(run.model(), info);
                log.info("assignment model {} trained from sample data in {} ms, test ROC-AUC {}",
                        info.getVersion(), info.getTrainingMillis(), info.getTestMetrics().getRocAuc());
            } finally {
                loading = false;
                trainingRuns.set(false);
            }
        }, trainer);
    }

    /** The serving model; UNAVAILABLE while the first one loads, FAILED_PRECONDITION when there is none. */
    public Serving serving() {
        Serving current = serving.get();
        if (current != null) {
            return current;
        }
        if (loading && !closed) {
            throw new RejectedWorkException(Reason.NOT_READY, "the assignment model is loading; retry shortly");
        }
        throw Status.FAILED_PRECONDITION.withDescription("no assignment model is loaded; train one with TrainModel")
                .asRuntimeException();
    }

    public BoundedWorkers workers() {
        return workers;
    }

    public AssignmentSettings settings() {
        return settings;
    }

    /**
     * Trains on {@code rows} on the training thread (ABORTED when a training already runs) and swaps the model
     * in when it is at least as good on the same test split, or when forced, or when none serves.
     */
    public CompletableFuture<TrainingOutcome> train(List<LabelledRow> rows, long seed, double threshold,
            boolean force, boolean dryRun, String dataSource, CallerBudget budget) {
        if (!trainingRuns.compareAndSet(false, true)) {
            throw Status.ABORTED.withDescription("another training is running; retry when it has finished")
                    .asRuntimeException();
        }
        BooleanSupplier stop = () -> closed || budget.cancelled().getAsBoolean()
                || budget.remainingNanos(System.nanoTime()) <= 0;
        try {
            return CompletableFuture.supplyAsync(() -> {
                AssignmentTraining.Result run = training.run(rows, seed, threshold, dataSource, stop);
                AssignmentModelInfo info = ModelInfos.of(run);
                Serving previous = serving.get();
                Optional<ModelMetrics> previousMetrics = Optional.ofNullable(previous).map(p -> ModelInfos.metrics(
                        AssignmentTraining.evaluate(p.model(), run.testRows(), run.testLabels(), threshold)));
                double newAuc = info.getTestMetrics().getRocAuc();
                boolean swap;
                String reason;
                if (dryRun) {
                    swap = false;
                    reason = "dry run";
                } else if (previous == null) {
                    swap = true;
                    reason = "no model was serving";
                } else if (force) {
                    swap = true;
                    reason = "forced";
                } else {
                    double oldAuc = previousMetrics.orElseThrow().getRocAuc();
                    swap = newAuc >= oldAuc;
                    reason = String.format("ROC-AUC %.4f %s serving model's %.4f on the same split", newAuc,
                            swap ? ">=" : "<", oldAuc);
                }
                if (stop.getAsBoolean()) {
                    throw new RejectedWorkException(Reason.DEADLINE, "the deadline passed or the caller cancelled "
                            + "during training; nothing was swapped");
                }
                if (swap) {
                    install(run.model(), info);
                }
                log.info("assignment model {} trained in {} ms from {}: {} ({})", info.getVersion(),
                        info.getTrainingMillis(), dataSource, swap ? "swapped in" : "not swapped", reason);
                return new TrainingOutcome(info, swap, reason, previousMetrics, serving.get());
            }, trainer).whenComplete((ignored, failure) -> trainingRuns.set(false));
        } catch (RuntimeException e) {
            trainingRuns.set(false);
            throw e;
        }
    }

    private synchronized void install(AssignmentModel model, AssignmentModelInfo info) {
        store.save(model, info, provenance(info));
        store.makeCurrent(model.version());
        serving.set(Serving.of(model, info));
    }

    private String provenance(AssignmentModelInfo info) {
        return "{\n"
                + "  \"model\": \"" + MODEL_NAME + "\",\n"
                + "  \"version\": \"" + info.getVersion() + "\",\n"
                + "  \"trainer\": \"Tribuo 4.3.2 CARTClassificationTrainer x " + ForestTrainer.TREES
                + " on bootstrap samples (maxDepth " + ForestTrainer.MAX_DEPTH + ", minChildWeight "
                + ForestTrainer.MIN_ROWS_PER_LEAF + ", fractionFeaturesInSplit " + ForestTrainer.FEATURE_FRACTION
                + ", Gini), FullyWeightedVotingCombiner, compiled to flat arrays\",\n"
                + "  \"balanced_classes\": true,\n"
                + "  \"seed\": " + info.getParameters().getSeed() + ",\n"
                + "  \"snap_values\": " + settings.snapValues() + ",\n"
                + "  \"data_source\": \"" + info.getDataSource().replace("\\", "\\\\").replace("\"", "\\\"")
                + "\",\n"
                + "  \"java\": \"" + Runtime.version() + "\"\n"
                + "}\n";
    }

    /**
     * Stops admitting work, lets admitted calls finish for up to {@code drain}, stops a training in progress (it
     * checks between trees) and waits, within the same bound, until the training thread has finished: once this
     * returns nothing writes to the model directory any more.
     */
    public void close(Duration drain) {
        closed = true;
        workers.close(drain);
        trainer.shutdownNow();
        try {
            if (!trainer.awaitTermination(drain.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("the assignment training did not stop within {} ms", drain.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
