package dev.upskill.client.inference;

import java.time.Duration;

/**
 * The deadline of each call, per inference service. A deadline covers the whole call, retries and their
 * backoff included, so it bounds how long a caller can wait however the server behaves.
 *
 * @param embedding EmbeddingService calls; default 5 s (one text takes milliseconds, a batch of 256 under a
 *     second on two cores, the rest is head-room for a busy server)
 * @param catalog CatalogService calls; default 30 s, because for an upload it covers the whole stream and the
 *     server embeds every course before it answers
 * @param ranking RankingService calls; default 10 s (RecommendForGaps runs one catalog search per gap, up to 20)
 * @param grading GradingService calls; default 5 s (one answer takes about 30 ms at p99)
 * @param assignment AssignmentService calls; default 5 s (one prediction takes microseconds)
 */
public record InferenceDeadlines(Duration embedding, Duration catalog, Duration ranking, Duration grading,
        Duration assignment) {

    /** The defaults listed above. */
    public static final InferenceDeadlines DEFAULTS = new InferenceDeadlines(Duration.ofSeconds(5),
            Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(5));

    /** @throws IllegalArgumentException naming the first deadline that is missing or not positive */
    public InferenceDeadlines {
        checkPositive("deadlines.embedding", embedding);
        checkPositive("deadlines.catalog", catalog);
        checkPositive("deadlines.ranking", ranking);
        checkPositive("deadlines.grading", grading);
        checkPositive("deadlines.assignment", assignment);
    }

    static void checkPositive(String setting, Duration value) {
        if (value == null) {
            throw new IllegalArgumentException(setting + " is missing");
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(setting + " must be positive, was " + value);
        }
    }
}
