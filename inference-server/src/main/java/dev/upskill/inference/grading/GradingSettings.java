package dev.upskill.inference.grading;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How grading is configured (the {@code grading.*} settings and the grading {@code limits.*}).
 *
 * @param limits what one request may hold
 * @param offTopicFloor similarity to the question and its references below which an answer is flagged off topic
 * @param embeddingModelPath a multilingual sentence-transformer to grade with instead of the server's model
 * @param threads threads grading answers
 * @param queueCapacity grading calls waiting for a thread
 */
public record GradingSettings(GradingLimits limits, double offTopicFloor, Optional<Path> embeddingModelPath,
        int threads, int queueCapacity) {

    public GradingSettings withLimits(GradingLimits newLimits) {
        return new GradingSettings(newLimits, offTopicFloor, embeddingModelPath, threads, queueCapacity);
    }

    public GradingSettings withEmbeddingModelPath(Path path) {
        return new GradingSettings(limits, offTopicFloor, Optional.of(path), threads, queueCapacity);
    }
}
