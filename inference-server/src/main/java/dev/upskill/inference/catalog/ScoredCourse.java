package dev.upskill.inference.catalog;

/**
 * One entry of a backend's ranked result list.
 *
 * @param score dense search: the cosine similarity to the query; lexical search: the BM25 score
 */
public record ScoredCourse(IndexedCourse course, float score) {
}
