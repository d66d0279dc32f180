package dev.upskill.inference.catalog;

import java.util.List;

/**
 * A rewrite of stored data for {@link CatalogIndex#rewrite}. The index hands over each tenant's framework first,
 * then its courses in batches, so a course rewrite can use the rewritten framework.
 */
public interface IndexRewrite {

    /** Tenants whose data to rewrite; others are kept as they are. */
    boolean includes(String tenant);

    /** The embedding model the rewritten vectors come from (recorded by the index). */
    String embeddingModel();

    /** The tenant's rewritten framework. */
    List<IndexedCompetency> competencies(String tenant, List<IndexedCompetency> stored);

    /** A batch of the tenant's courses, rewritten; same size and order. */
    List<IndexedCourse> courses(String tenant, List<IndexedCourse> stored);

    /** Batch size for {@link #courses}: a batch of courses is embedded in one go when vectors change. */
    default int batchSize() {
        return 256;
    }
}
