package dev.upskill.inference.server;

import java.util.Locale;

/**
 * Every setting of the inference server, with its default and meaning. One list feeds the command-line
 * flags ({@code --port}), the environment variables ({@code UPSKILL_PORT}), the configuration file keys
 * ({@code port=}) and docs/configuration.md (a test keeps that table complete).
 */
public enum Setting {
    PORT("port", "9090", "gRPC port (0 picks a free port)."),
    BIND("bind", "0.0.0.0", "Address the gRPC and metrics ports listen on."),
    METRICS_PORT("metrics.port", "9464", "Port of the Prometheus endpoint `/metrics` (-1 disables it)."),
    WORKER_THREADS("worker.threads", "4", "Threads running gRPC call handlers (validation, queueing); model runs "
            + "happen on the batch runners. 0 runs handlers on the Netty event loop: one thread hand-off less per "
            + "call."),
    MAX_IN_FLIGHT("limits.max-in-flight", "1024", "Most calls being served at once; more are refused with "
            + "RESOURCE_EXHAUSTED."),
    MAX_TEXTS("limits.max-texts", "256", "Most texts in one embedding request."),
    MAX_TEXT_CHARS("limits.max-text-chars", "10000", "Most characters (UTF-16 units) in one text."),
    MAX_ITEMS_PER_MESSAGE("limits.max-items-per-message", "256", "Most courses or competencies in one catalog "
            + "stream message."),
    MAX_IDS("limits.max-ids", "1000", "Most course ids in one DeleteCourses request, one search exclusion list, "
            + "or one ranking context's completed (and in-progress) list."),
    MAX_TOP_K("limits.max-top-k", "100", "Most hits one catalog search, or courses one ranked list, may ask for."),
    MAX_FRAMEWORK_SIZE("limits.max-framework-size", "100000", "Most competencies in one tenant's framework."),
    MAX_MESSAGE_BYTES("limits.max-message-bytes", "4194304", "Largest request message in bytes; larger ones are "
            + "refused with RESOURCE_EXHAUSTED by the transport."),
    MODEL_VARIANT("model.variant", "quantized", "Bundled all-MiniLM-L6-v2: `quantized` (int8, default) or `full` "
            + "(float32)."),
    MODEL_PATH("model.path", "", "Directory with any sentence-transformer exported to ONNX (`*.onnx` + "
            + "`tokenizer.json`); overrides `model.variant`."),
    MODEL_MAX_TOKENS("model.max-tokens", "256", "Truncation length in tokens, [CLS] and [SEP] included."),
    MODEL_THREADS("model.intra-op-threads", "0", "ONNX Runtime threads inside one model run (0: one per core)."),
    MODEL_SPIN_WAIT("model.spin-wait", "false", "Let ONNX Runtime's threads spin between runs (lower latency on "
            + "an otherwise idle machine with spare cores; on small machines spinning starves the gRPC threads)."),
    BATCH_MAX_SIZE("batch.max-size", "32", "Most texts coalesced into one model run (1 switches dynamic "
            + "batching off)."),
    BATCH_MAX_WAIT_MICROS("batch.max-wait-micros", "2000", "Longest a model run waits for concurrent requests to "
            + "join it, in microseconds; a lone request never waits."),
    BATCH_RUNNERS("batch.runners", "1", "Threads running the model, each with its own predictor."),
    QUEUE_CAPACITY("queue.capacity", "4096", "Most texts waiting for a model run; when full, requests are refused "
            + "with RESOURCE_EXHAUSTED."),
    CATALOG_BACKEND("catalog.backend", "lucene", "Where the course catalog lives: `lucene` (embedded, on disk in "
            + "`catalog.dir`) or `milvus` (at `catalog.milvus.uri`; dense search only)."),
    CATALOG_DIR("catalog.dir", "data/catalog", "Directory of the Lucene catalog index (created when missing; "
            + "relative to the working directory)."),
    CATALOG_MILVUS_URI("catalog.milvus.uri", "http://127.0.0.1:19530", "Milvus server for `catalog.backend=milvus`."),
    CATALOG_MILVUS_PREFIX("catalog.milvus.collection-prefix", "upskill_", "Prefix of the Milvus collection names."),
    CATALOG_TAG_MIN_SIMILARITY("catalog.tagging.min-similarity", "0.45", "A course is tagged with a competency "
            + "when the cosine similarity of their texts is at least this (0..1)."),
    CATALOG_TAG_MAX("catalog.tagging.max-competencies", "5", "Most competencies inferred per course, best first."),
    CATALOG_FUSION("catalog.fusion", "rrf", "How hybrid search merges dense and BM25 results: `rrf` (reciprocal "
            + "rank fusion) or `weighted` (see `catalog.fusion.dense-weight`)."),
    CATALOG_DENSE_WEIGHT("catalog.fusion.dense-weight", "0.7", "For `catalog.fusion=weighted`: weight of the "
            + "cosine similarity; BM25 (scaled to 0..1 per query) gets the rest."),
    CATALOG_HYBRID_DEPTH("catalog.hybrid.depth", "50", "Hits each of dense and BM25 search contributes to a "
            + "hybrid search before fusion."),
    CATALOG_HNSW_CANDIDATES("catalog.hnsw.candidates", "100", "Nearest-neighbour candidates the Lucene HNSW "
            + "search collects before cutting to top k: higher finds the true nearest more often, slower."),
    CATALOG_THREADS("catalog.threads", "0", "Threads running catalog searches and upserts (0: one per core)."),
    CATALOG_QUEUE_CAPACITY("catalog.queue.capacity", "256", "Catalog calls waiting for a thread; when full, calls "
            + "are refused with RESOURCE_EXHAUSTED."),
    CATALOG_DEMO("catalog.demo", "false", "Load the demo company (an ESCO-based framework and a few hundred "
            + "courses) into tenant `demo` when that tenant's catalog is empty. `bin/start` turns it on."),
    MAX_GAPS("limits.max-gaps", "20", "Most competency gaps in one ranking request (and gap closures in one "
            + "RecordOutcome)."),
    MAX_CANDIDATES("limits.max-candidates", "1000", "Most candidate course ids in one RankCourses request."),
    RANKING_DIR("ranking.dir", "data/ranking", "Directory of the recorded ranking outcomes, one append-only "
            + "JSON-lines file per tenant, and of each tenant's learned ranking weights (`<tenant>.weights.json`) "
            + "(created when missing; relative to the working directory)."),
    RANKING_QUALITY_PRIOR_COUNT("ranking.quality.prior-count", "50", "Ratings the catalog's mean rating counts "
            + "as when a course's rating is shrunk towards it (the quality feature)."),
    RANKING_LEARNING_MIN_OUTCOMES("ranking.learning.min-outcomes", "500", "Outcomes a tenant needs before learned "
            + "ranking weights may replace the default weights."),
    RANKING_LEARNING_REFIT_EVERY("ranking.learning.refit-every", "100", "New outcomes after which a tenant's "
            + "ranking weights are fitted again (in the background)."),
    RANKING_OUTCOME_PRIOR_OBSERVATIONS("ranking.outcomes.prior-observations", "5", "Observations the tenant's "
            + "overall gap-closure rate counts as when a course's outcome rate is shrunk towards it (the outcome-rate "
            + "feature): higher trusts a course's own few outcomes less."),
    RANKING_LEARNING_POSITIVE_CLOSURE("ranking.learning.positive-closure", "0.5", "Mean gap closure (0..1) from "
            + "which a completed course counts as a success when ranking weights are learned; a completion without "
            + "re-measured gaps always counts."),
    ASSIGNMENT_DIR("assignment.dir", "data/assignment", "Directory of the assignment-success model's versioned "
            + "artifacts (one folder per version: model, feature list, metrics JSON, provenance; `CURRENT` names the "
            + "serving one). On a fresh install a first model is trained from the sample generator at start."),
    ASSIGNMENT_TRAINING_DIR("assignment.training-dir", "data/training", "Directory TrainModel may read CSV files "
            + "from; `csv_path` must lie under it."),
    ASSIGNMENT_THRESHOLD("assignment.threshold", "0.6", "Default decision threshold of the assignment-success "
            + "prediction (0..1): recommended when the probability is at least this."),
    ASSIGNMENT_MIN_TRAINING_ROWS("assignment.min-training-rows", "100", "Fewest rows TrainModel accepts."),
    ASSIGNMENT_SAMPLE_ROWS("assignment.sample-rows", "2000", "Rows of generated sample data the first model is "
            + "trained on when `assignment.dir` holds no model."),
    ASSIGNMENT_SNAP_VALUES("assignment.snap-values", "64", "Distinct values per numeric feature the forest trains "
            + "on (training-data quantiles): fewer train faster."),
    ASSIGNMENT_THREADS("assignment.threads", "0", "Threads running predictions and training (0: one per core)."),
    ASSIGNMENT_QUEUE_CAPACITY("assignment.queue.capacity", "256", "Assignment calls waiting for a thread; when "
            + "full, calls are refused with RESOURCE_EXHAUSTED."),
    ASSIGNMENT_PREDICTION_LOG("assignment.prediction-log", "true", "Log every prediction as a JSON line to logger "
            + "`upskill.predictions` (logback.xml: `logs/predictions.jsonl`, rotated daily and at 100 MB, 14 days kept; "
            + "see \"Prediction log\" in docs/configuration.md)."),
    MAX_BATCH_ROWS("limits.max-batch-rows", "10000", "Most pairs in one PredictSuccessBatch message and rows in "
            + "one TrainModel message."),
    MAX_TRAINING_ROWS("limits.max-training-rows", "1000000", "Most training rows in one TrainModel call."),
    MAX_REFERENCE_ANSWERS("limits.max-reference-answers", "10", "Most reference answers per grading question."),
    MAX_KEY_POINTS("limits.max-key-points", "20", "Most key points (rubric entries) per grading question."),
    MAX_GRADED_EXAMPLES("limits.max-graded-examples", "50", "Most human-graded example answers per grading "
            + "question."),
    MAX_OTHER_REFERENCES("limits.max-other-references", "100", "Most references of other questions per grading "
            + "question (for off-topic detection)."),
    MAX_ANSWERS("limits.max-answers", "500", "Most answers in one GradeBatch request."),
    GRADING_OFF_TOPIC_FLOOR("grading.off-topic-floor", "0.15", "An answer whose similarity to the question and its "
            + "references is below this (0..1) is flagged off topic (`OFF_TOPIC_REASON_BELOW_SIMILARITY_FLOOR`)."),
    GRADING_EMBEDDING_MODEL_PATH("grading.embedding-model-path", "", "Directory with a multilingual "
            + "sentence-transformer exported to ONNX (`*.onnx` + `tokenizer.json`) that grading embeds with, in "
            + "its own batcher (one runner, `batch.*` sizes, `model.max-tokens`); then every language gets the "
            + "semantic signals. Empty: grading shares the server's model, whose semantic signals serve English "
            + "only."),
    GRADING_THREADS("grading.threads", "0", "Threads grading answers, each with its own model runner (text analysis, "
            + "embedding, scoring) (0: one per core)."),
    GRADING_QUEUE_CAPACITY("grading.queue.capacity", "256", "Grading calls waiting for a thread; when full, calls "
            + "are refused with RESOURCE_EXHAUSTED."),
    TLS_CERT("tls.cert", "", "PEM certificate chain; with `tls.key` the server speaks TLS only."),
    TLS_KEY("tls.key", "", "PEM private key (PKCS#8) for `tls.cert`."),
    SHUTDOWN_GRACE_SECONDS("shutdown.grace-seconds", "30", "On shutdown, how long in-flight calls may finish "
            + "before they are cancelled."),
    REFLECTION("reflection.enabled", "true", "Serve gRPC server reflection (grpcurl `list`/`describe`).");

    private final String key;
    private final String defaultValue;
    private final String description;

    Setting(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** Key in the configuration file; the flag is {@code --} + key. */
    public String key() {
        return key;
    }

    public String flag() {
        return "--" + key;
    }

    /** {@code UPSKILL_} + the key upper-cased with dots and dashes as underscores. */
    public String environmentVariable() {
        return "UPSKILL_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }
}
