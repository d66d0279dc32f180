package dev.upskill.inference.server;

import dev.upskill.inference.catalog.CatalogLimits;
import dev.upskill.inference.catalog.CatalogSettings;
import dev.upskill.inference.catalog.Fusion;
import dev.upskill.inference.embedding.EmbeddingBatcher;
import dev.upskill.inference.embedding.EmbeddingLimits;
import dev.upskill.inference.embedding.ModelSource;
import dev.upskill.inference.embedding.OnnxOptions;
import dev.upskill.inference.grading.GradingLimits;
import dev.upskill.inference.grading.GradingSettings;
import dev.upskill.inference.prediction.AssignmentSettings;
import dev.upskill.inference.ranking.RankingSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The inference server's configuration, checked once at start-up. Build it with {@link ConfigSources} or,
 * in tests, {@link #defaults()} and the {@code with*} methods.
 */
public record ServerConfig(
        String bind,
        int port,
        int metricsPort,
        int workerThreads,
        int maxInFlight,
        EmbeddingLimits limits,
        int maxMessageBytes,
        String modelVariant,
        Optional<Path> modelPath,
        int modelMaxTokens,
        OnnxOptions onnx,
        EmbeddingBatcher.Settings batching,
        Optional<TlsFiles> tls,
        Duration shutdownGrace,
        boolean reflection,
        CatalogSettings catalog,
        RankingSettings ranking,
        AssignmentSettings assignment,
        GradingSettings grading) {

    /** A PEM certificate chain and its private key. */
    public record TlsFiles(Path certificateChain, Path privateKey) {
    }

    /** Every setting at its default. */
    public static ServerConfig defaults() {
        return from(new EnumMap<>(Setting.class));
    }

    static ServerConfig from(Map<Setting, String> given) {
        Values v = new Values(given);
        String cert = v.string(Setting.TLS_CERT);
        String key = v.string(Setting.TLS_KEY);
        if (cert.isEmpty() != key.isEmpty()) {
            throw new IllegalArgumentException("tls.cert and tls.key must be set together");
        }
        Optional<TlsFiles> tls = cert.isEmpty() ? Optional.empty()
                : Optional.of(new TlsFiles(v.existingFile(Setting.TLS_CERT), v.existingFile(Setting.TLS_KEY)));
        String modelPath = v.string(Setting.MODEL_PATH);
        int threads = v.integer(Setting.MODEL_THREADS, 0, 256);
        return new ServerConfig(
                v.string(Setting.BIND),
                v.integer(Setting.PORT, 0, 65535),
                v.integer(Setting.METRICS_PORT, -1, 65535),
                v.integer(Setting.WORKER_THREADS, 0, 1024),
                v.integer(Setting.MAX_IN_FLIGHT, 1, 1_000_000),
                new EmbeddingLimits(v.integer(Setting.MAX_TEXTS, 1, 100_000),
                        v.integer(Setting.MAX_TEXT_CHARS, 1, 10_000_000)),
                v.integer(Setting.MAX_MESSAGE_BYTES, 1024, Integer.MAX_VALUE),
                v.string(Setting.MODEL_VARIANT),
                modelPath.isEmpty() ? Optional.empty() : Optional.of(Path.of(modelPath)),
                v.integer(Setting.MODEL_MAX_TOKENS, 3, 8192),
                new OnnxOptions(threads == 0 ? Runtime.getRuntime().availableProcessors() : threads,
                        v.bool(Setting.MODEL_SPIN_WAIT)),
                new EmbeddingBatcher.Settings(
                        v.integer(Setting.BATCH_MAX_SIZE, 1, 1024),
                        Duration.ofNanos(v.integer(Setting.BATCH_MAX_WAIT_MICROS, 0, 1_000_000) * 1000L),
                        v.integer(Setting.QUEUE_CAPACITY, 1, 10_000_000),
                        v.integer(Setting.BATCH_RUNNERS, 1, 64)),
                tls,
                Duration.ofSeconds(v.integer(Setting.SHUTDOWN_GRACE_SECONDS, 0, 3600)),
                v.bool(Setting.REFLECTION),
                catalogSettings(v, threadsOrCores(v.integer(Setting.CATALOG_THREADS, 0, 256))),
                new RankingSettings(Path.of(v.string(Setting.RANKING_DIR)),
                        v.integer(Setting.RANKING_QUALITY_PRIOR_COUNT, 0, 1_000_000),
                        v.integer(Setting.MAX_GAPS, 1, 1000),
                        v.integer(Setting.MAX_CANDIDATES, 1, 100_000),
                        v.integer(Setting.MAX_IDS, 1, 1_000_000),
                        v.integer(Setting.MAX_TOP_K, 1, 10_000),
                        v.integer(Setting.RANKING_LEARNING_MIN_OUTCOMES, 1, 100_000_000),
                        v.integer(Setting.RANKING_LEARNING_REFIT_EVERY, 1, 100_000_000),
                        v.integer(Setting.RANKING_OUTCOME_PRIOR_OBSERVATIONS, 1, 1_000_000),
                        v.fraction(Setting.RANKING_LEARNING_POSITIVE_CLOSURE)),
                new AssignmentSettings(Path.of(v.string(Setting.ASSIGNMENT_DIR)),
                        Path.of(v.string(Setting.ASSIGNMENT_TRAINING_DIR)),
                        v.fraction(Setting.ASSIGNMENT_THRESHOLD),
                        v.integer(Setting.ASSIGNMENT_MIN_TRAINING_ROWS, 10, Integer.MAX_VALUE),
                        v.integer(Setting.ASSIGNMENT_SAMPLE_ROWS, 100, 10_000_000),
                        v.integer(Setting.ASSIGNMENT_SNAP_VALUES, 2, 1_000_000),
                        threadsOrCores(v.integer(Setting.ASSIGNMENT_THREADS, 0, 256)),
                        v.integer(Setting.ASSIGNMENT_QUEUE_CAPACITY, 1, 1_000_000),
                        v.bool(Setting.ASSIGNMENT_PREDICTION_LOG),
                        v.integer(Setting.MAX_BATCH_ROWS, 1, 10_000_000),
                        v.integer(Setting.MAX_TRAINING_ROWS, 1, Integer.MAX_VALUE)),
                gradingSettings(v));
    }

    private static int threadsOrCores(int threads) {
        return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    }

    private static GradingSettings gradingSettings(Values v) {
        String modelPath = v.string(Setting.GRADING_EMBEDDING_MODEL_PATH);
        return new GradingSettings(
                new GradingLimits(v.integer(Setting.MAX_TEXT_CHARS, 1, 10_000_000),
                        v.integer(Setting.MAX_REFERENCE_ANSWERS, 1, 1000),
                        v.integer(Setting.MAX_KEY_POINTS, 0, 1000),
                        v.integer(Setting.MAX_GRADED_EXAMPLES, 0, 10_000),
                        v.integer(Setting.MAX_OTHER_REFERENCES, 0, 100_000),
                        v.integer(Setting.MAX_ANSWERS, 1, 100_000)),
                v.fraction(Setting.GRADING_OFF_TOPIC_FLOOR),
                modelPath.isEmpty() ? Optional.empty() : Optional.of(Path.of(modelPath)),
                threadsOrCores(v.integer(Setting.GRADING_THREADS, 0, 256)),
                v.integer(Setting.GRADING_QUEUE_CAPACITY, 1, 1_000_000));
    }

    private static CatalogSettings catalogSettings(Values v, int threads) {
        String backend = v.string(Setting.CATALOG_BACKEND);
        CatalogSettings.Backend kind = switch (backend) {
            case "lucene" -> CatalogSettings.Backend.LUCENE;
            case "milvus" -> CatalogSettings.Backend.MILVUS;
            default -> throw new IllegalArgumentException("catalog.backend must be lucene or milvus, got '"
                    + backend + "'");
        };
        String fusion = v.string(Setting.CATALOG_FUSION);
        if (!fusion.equals("rrf") && !fusion.equals("weighted")) {
            throw new IllegalArgumentException("catalog.fusion must be rrf or weighted, got '" + fusion + "'");
        }
        return new CatalogSettings(kind, Path.of(v.string(Setting.CATALOG_DIR)),
                v.string(Setting.CATALOG_MILVUS_URI), v.string(Setting.CATALOG_MILVUS_PREFIX),
                new CatalogLimits(v.integer(Setting.MAX_TEXT_CHARS, 1, 10_000_000),
                        v.integer(Setting.MAX_ITEMS_PER_MESSAGE, 1, 100_000),
                        v.integer(Setting.MAX_IDS, 1, 1_000_000),
                        v.integer(Setting.MAX_TOP_K, 1, 10_000),
                        v.integer(Setting.MAX_FRAMEWORK_SIZE, 1, 10_000_000)),
                new Fusion(Fusion.Method.parse(fusion), (float) v.fraction(Setting.CATALOG_DENSE_WEIGHT)),
                v.integer(Setting.CATALOG_HYBRID_DEPTH, 1, 10_000),
                v.integer(Setting.CATALOG_HNSW_CANDIDATES, 1, 10_000),
                (float) v.fraction(Setting.CATALOG_TAG_MIN_SIMILARITY),
                v.integer(Setting.CATALOG_TAG_MAX, 0, 1000),
                threads,
                v.integer(Setting.CATALOG_QUEUE_CAPACITY, 1, 1_000_000),
                v.bool(Setting.CATALOG_DEMO));
    }

    /** The model this configuration names. */
    public ModelSource modelSource() {
        return ModelSource.resolve(modelVariant, modelPath.orElse(null), modelMaxTokens);
    }

    public ServerConfig withBind(String newBind) {
        return with(c -> c.bind = newBind);
    }

    public ServerConfig withMaxMessageBytes(int bytes) {
        return with(c -> c.maxMessageBytes = bytes);
    }

    public ServerConfig withOnnx(OnnxOptions newOnnx) {
        return with(c -> c.onnx = newOnnx);
    }

    public ServerConfig withWorkerThreads(int threads) {
        return with(c -> c.workerThreads = threads);
    }

    public ServerConfig withPort(int newPort) {
        return with(c -> c.port = newPort);
    }

    public ServerConfig withMetricsPort(int newPort) {
        return with(c -> c.metricsPort = newPort);
    }

    public ServerConfig withBatching(EmbeddingBatcher.Settings newBatching) {
        return with(c -> c.batching = newBatching);
    }

    public ServerConfig withShutdownGrace(Duration grace) {
        return with(c -> c.shutdownGrace = grace);
    }

    public ServerConfig withTls(TlsFiles files) {
        return with(c -> c.tls = Optional.of(files));
    }

    public ServerConfig withCatalog(CatalogSettings newCatalog) {
        return with(c -> c.catalog = newCatalog);
    }

    public ServerConfig withRanking(RankingSettings newRanking) {
        return with(c -> c.ranking = newRanking);
    }

    public ServerConfig withAssignment(AssignmentSettings newAssignment) {
        return with(c -> c.assignment = newAssignment);
    }

    public ServerConfig withGrading(GradingSettings newGrading) {
        return with(c -> c.grading = newGrading);
    }

    public ServerConfig withLimits(EmbeddingLimits newLimits, int newMaxInFlight) {
        return with(c -> {
            c.limits = newLimits;
            c.maxInFlight = newMaxInFlight;
        });
    }

    /** A copy of this configuration with {@code change} applied to its components. */
    private ServerConfig with(Consumer<Components> change) {
        Components components = new Components(this);
        change.accept(components);
        return components.build();
    }

    /** The record's components, changeable, so that each {@code with*} method names only what it changes. */
    private static final class Components {
        String bind;
        int port;
        int metricsPort;
        int workerThreads;
        int maxInFlight;
        EmbeddingLimits limits;
        int maxMessageBytes;
        String modelVariant;
        Optional<Path> modelPath;
        int modelMaxTokens;
        OnnxOptions onnx;
        EmbeddingBatcher.Settings batching;
        Optional<TlsFiles> tls;
        Duration shutdownGrace;
        boolean reflection;
        CatalogSettings catalog;
        RankingSettings ranking;
        AssignmentSettings assignment;
        GradingSettings grading;

        Components(ServerConfig config) {
            bind = config.bind;
            port = config.port;
            metricsPort = config.metricsPort;
            workerThreads = config.workerThreads;
            maxInFlight = config.maxInFlight;
            limits = config.limits;
            maxMessageBytes = config.maxMessageBytes;
            modelVariant = config.modelVariant;
            modelPath = config.modelPath;
            modelMaxTokens = config.modelMaxTokens;
            onnx = config.onnx;
            batching = config.batching;
            tls = config.tls;
            shutdownGrace = config.shutdownGrace;
            reflection = config.reflection;
            catalog = config.catalog;
            ranking = config.ranking;
            assignment = config.assignment;
            grading = config.grading;
        }

        ServerConfig build() {
            return new ServerConfig(bind, port, metricsPort, workerThreads, maxInFlight, limits, maxMessageBytes,
                    modelVariant, modelPath, modelMaxTokens, onnx, batching, tls, shutdownGrace, reflection, catalog,
                    ranking, assignment, grading);
        }
    }

    /** Typed, range-checked reads whose errors name the setting. */
    private record Values(Map<Setting, String> given) {
        String string(Setting s) {
            return given.getOrDefault(s, s.defaultValue()).strip();
        }

        int integer(Setting s, int min, int max) {
            String raw = string(s);
            int value;
            try {
                value = Integer.parseInt(raw);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(s.key() + " must be an integer, got '" + raw + "'");
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException(s.key() + " must be in " + min + ".." + max + ", got " + value);
            }
            return value;
        }

        double fraction(Setting s) {
            String raw = string(s);
            double value;
            try {
                value = Double.parseDouble(raw);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(s.key() + " must be a number, got '" + raw + "'");
            }
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException(s.key() + " must be in 0..1, got " + raw);
            }
            return value;
        }

        boolean bool(Setting s) {
            String raw = string(s);
            if (!raw.equals("true") && !raw.equals("false")) {
                throw new IllegalArgumentException(s.key() + " must be true or false, got '" + raw + "'");
            }
            return Boolean.parseBoolean(raw);
        }

        Path existingFile(Setting s) {
            Path path = Path.of(string(s));
            if (!Files.isReadable(path)) {
                throw new IllegalArgumentException(s.key() + " is not a readable file: " + path);
            }
            return path;
        }
    }
}
