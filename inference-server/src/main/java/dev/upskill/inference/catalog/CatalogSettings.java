package dev.upskill.inference.catalog;

import java.nio.file.Path;

/**
 * How the catalog is configured (the {@code catalog.*} and catalog {@code limits.*} settings).
 *
 * @param directory where the Lucene index lives
 * @param milvusUri the Milvus server, e.g. {@code http://127.0.0.1:19530}
 * @param milvusCollectionPrefix prefix of the Milvus collection names, so several deployments can share one Milvus
 * @param hybridDepth hits each of dense and lexical search contributes to a hybrid search's fusion
 * @param hnswCandidates nearest-neighbour candidates HNSW collects per search (its ef) before the top k are cut
 * @param threads threads running catalog work (searches, upserts)
 * @param queueCapacity catalog calls waiting for a thread before more are refused with RESOURCE_EXHAUSTED
 * @param demo load the demo company's framework and catalog into tenant {@code demo} when it is empty
 */
public record CatalogSettings(Backend backend, Path directory, String milvusUri, String milvusCollectionPrefix,
                              CatalogLimits limits, Fusion fusion, int hybridDepth, int hnswCandidates,
                              float tagMinSimilarity, int tagMaxCompetencies, int threads, int queueCapacity,
                              boolean demo) {

    /** Where the catalog is kept. */
    public enum Backend {
        LUCENE, MILVUS
    }

    public CatalogSettings withDirectory(Path newDirectory) {
        return new CatalogSettings(backend, newDirectory, milvusUri, milvusCollectionPrefix, limits, fusion,
                hybridDepth, hnswCandidates, tagMinSimilarity, tagMaxCompetencies, threads, queueCapacity, demo);
    }

    /** The same settings on the Milvus backend at {@code uri}, with collections named {@code prefix}... */
    public CatalogSettings onMilvus(String uri, String prefix) {
        return new CatalogSettings(Backend.MILVUS, directory, uri, prefix, limits, fusion, hybridDepth,
                hnswCandidates, tagMinSimilarity, tagMaxCompetencies, threads, queueCapacity, demo);
    }

    public CatalogSettings withDemo(boolean load) {
        return new CatalogSettings(backend, directory, milvusUri, milvusCollectionPrefix, limits, fusion,
                hybridDepth, hnswCandidates, tagMinSimilarity, tagMaxCompetencies, threads, queueCapacity, load);
    }
}
