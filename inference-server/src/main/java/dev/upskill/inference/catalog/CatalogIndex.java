package dev.upskill.inference.catalog;

import dev.upskill.proto.v1.CatalogBackend;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Where a catalog lives: every tenant's courses (with vectors) and competency frameworks, searchable under
 * filters. One implementation per backend (Lucene on local disk, Milvus); the behaviour suite in the tests
 * holds each to the same answers.
 *
 * <p>Every method is scoped to one tenant and never reads or changes another tenant's data. Writes are
 * visible to searches when the method returns, and durable after {@link #commit()}. Implementations are
 * thread-safe; writes may be serialised internally.
 */
public interface CatalogIndex extends AutoCloseable {

    /** Which backend this is (reported by GetCatalogInfo). */
    CatalogBackend backend();

    /** Whether {@link #lexicalSearch} is supported (BM25 on title and description). */
    boolean supportsLexicalSearch();

    /** Version of what searches see now; changes with every write and every rebuild. */
    String version();

    /** The embedding model version the stored vectors were made with; empty for a new, empty index. */
    Optional<String> embeddingModel();

    /** The stored courses among {@code ids}, by id; ids not stored are absent. */
    Map<String, IndexedCourse> findCourses(String tenant, Collection<String> ids);

    /** Creates or replaces courses by id. */
    void upsertCourses(String tenant, List<IndexedCourse> courses);

    /** Deletes courses by id and returns the ids that existed. */
    Set<String> deleteCourses(String tenant, Collection<String> ids);

    /** Deletes all of a tenant's courses (not its framework); returns how many there were. */
    long deleteAllCourses(String tenant);

    long courseCount(String tenant);

    /** Calls {@code action} for each of the tenant's courses, in no particular order. */
    void forEachCourse(String tenant, Consumer<IndexedCourse> action);

    /** The tenant's whole competency framework. */
    List<IndexedCompetency> competencies(String tenant);

    /** Applies a framework change atomically: all of {@code upserts} stored and {@code deletions} removed, or nothing. */
    void updateFramework(String tenant, List<IndexedCompetency> upserts, Set<String> deletions);

    /**
     * Rewrites stored courses and competencies, e.g. after a framework change (new inferred competencies) or a
     * new embedding model (new vectors). Searches keep seeing the data as it was until the rewrite is complete
     * where the backend allows it (Lucene builds a new index beside the live one and swaps; Milvus rewrites in
     * place, batch by batch).
     */
    void rewrite(IndexRewrite rewrite);

    /** Records the embedding model of the vectors written from now on (on a new index, before the first write). */
    void recordEmbeddingModel(String version);

    /** The top {@code k} courses by cosine similarity to the unit vector {@code query} among those passing the filter. */
    List<ScoredCourse> denseSearch(String tenant, float[] query, SearchFilter filter, int k);

    /**
     * The top {@code k} courses by BM25 on title and description among those passing the filter.
     *
     * @throws UnsupportedOperationException when {@link #supportsLexicalSearch()} is false
     */
    List<ScoredCourse> lexicalSearch(String tenant, String text, SearchFilter filter, int k);

    /** When the tenant's catalog or framework last changed; empty when the tenant has stored nothing. */
    Optional<Instant> updatedAt(String tenant);

    /** Makes every write so far durable. */
    void commit();

    @Override
    void close();
}
