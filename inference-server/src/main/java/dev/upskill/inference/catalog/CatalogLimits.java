package dev.upskill.inference.catalog;

/**
 * Request limits of the catalog service (see catalog.proto and docs/configuration.md).
 *
 * @param maxTextChars most UTF-16 characters in a long text: a course or competency description, a query
 * @param maxItemsPerMessage most courses or competencies in one stream message
 * @param maxIds most ids in one DeleteCourses request or one exclusion filter
 * @param maxTopK most hits one search may ask for
 * @param maxFrameworkSize most competencies in one tenant's framework
 */
public record CatalogLimits(int maxTextChars, int maxItemsPerMessage, int maxIds, int maxTopK, int maxFrameworkSize) {

    /** Hits a search returns when it asks for 0. */
    public static final int DEFAULT_TOP_K = 10;
}
