package dev.upskill.inference.catalog;

import dev.upskill.inference.embedding.EmbeddingRuntime;
import dev.upskill.inference.rpc.BoundedWorkers;
import dev.upskill.inference.rpc.RejectedWorkException.Reason;
import dev.upskill.inference.rpc.RejectedWorkException;
import dev.upskill.inference.text.LanguageAnalyzers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * The catalog's life cycle: absent while the server starts, then open (index opened, vectors aligned with the
 * embedding model, demo loaded when configured), then closed. Calls before it is ready are refused
 * ({@link Reason#NOT_READY}: UNAVAILABLE).
 */
public final class CatalogRuntime implements CatalogGrpcService.CatalogAccess, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CatalogRuntime.class);

    /** How long connecting to Milvus, and each call to it, may take before the catalog call fails UNAVAILABLE. */
    private static final Duration MILVUS_TIMEOUT = Duration.ofSeconds(10);

    private final CatalogSettings settings;
    private final EmbeddingRuntime embedding;
    private final Clock clock;
    private final LanguageAnalyzers analyzers = new LanguageAnalyzers();
    private final BoundedWorkers workers;
    private volatile CourseCatalog catalog;

    public CatalogRuntime(CatalogSettings settings, EmbeddingRuntime embedding, Clock clock) {
        this.settings = settings;
        this.embedding = embedding;
        this.clock = clock;
        this.workers = new BoundedWorkers("catalog", settings.threads(), settings.queueCapacity(),
                "catalog.queue.capacity");
    }

    /** Opens the index; call after the embedding model is loaded. */
    public void load() {
        long start = System.nanoTime();
        CatalogIndex index = switch (settings.backend()) {
            case LUCENE -> LuceneCatalogIndex.open(settings.directory(), analyzers, settings.hnswCandidates(), clock);
            case MILVUS -> MilvusCatalogIndex.connect(settings.milvusUri(), settings.milvusCollectionPrefix(),
                    embedding.batcher().dimensions(), settings.hnswCandidates(), MILVUS_TIMEOUT, clock);
        };
        CourseCatalog opened = new CourseCatalog(index, embedding, analyzers, settings.limits(), settings.fusion(),
                settings.hybridDepth(), settings.tagMinSimilarity(), settings.tagMaxCompetencies(), clock);
        opened.alignWithModel();
        if (settings.demo()) {
            DemoCatalog.loadIfEmpty(opened);
        }
        catalog = opened;
        log.info("catalog ready: {} index version {} in {} ms", opened.version().getName(),
                opened.version().getVersion(), (System.nanoTime() - start) / 1_000_000);
    }

    @Override
    public CourseCatalog catalog() {
        CourseCatalog current = catalog;
        if (current == null) {
            throw new RejectedWorkException(Reason.NOT_READY, "the catalog is opening; retry shortly");
        }
        return current;
    }

    public BoundedWorkers workers() {
        return workers;
    }

    /** Lets admitted work finish for up to {@code drain}, then closes the index. */
    public void close(Duration drain) {
        workers.close(drain);
        CourseCatalog current = catalog;
        catalog = null;
        if (current != null) {
            current.index().close();
        }
        analyzers.close();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
