package dev.upskill.inference.embedding;

/**
 * Request limits of the embedding service.
 *
 * @param maxTexts most texts in one request
 * @param maxTextChars most UTF-16 characters in one text
 */
public record EmbeddingLimits(int maxTexts, int maxTextChars) {
}
