package dev.upskill.client.inference;

import java.time.Duration;

/**
 * How calls that are safe to repeat are retried when the server answers UNAVAILABLE (it is starting, shutting
 * down, or the connection broke): gRPC's retry policy, exponential backoff with jitter. The n-th retry waits a
 * random time up to {@code min(initialBackoff * multiplier^(n-1), maxBackoff)}. Retries spend the call's
 * deadline; they never extend it.
 *
 * @param maxAttempts attempts per call, the first included: 1 (no retries) to {@value #MAX_ATTEMPTS_LIMIT};
 *     default 4
 * @param initialBackoff the bound of the first wait; default 100 ms
 * @param maxBackoff the bound of any wait; at least {@code initialBackoff}; default 2 s
 * @param multiplier how the bound grows per retry, at least 1; default 2
 */
public record RetrySettings(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double multiplier) {

    /** More attempts than this only delay the failure a caller has to handle anyway. */
    public static final int MAX_ATTEMPTS_LIMIT = 10;

    /** The defaults listed above. */
    public static final RetrySettings DEFAULTS =
            new RetrySettings(4, Duration.ofMillis(100), Duration.ofSeconds(2), 2.0);

    /** @throws IllegalArgumentException naming the first setting that is out of range */
    public RetrySettings {
        if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_LIMIT) {
            throw new IllegalArgumentException(
                    "retry.max-attempts must be 1 to " + MAX_ATTEMPTS_LIMIT + ", was " + maxAttempts);
        }
        InferenceDeadlines.checkPositive("retry.initial-backoff", initialBackoff);
        InferenceDeadlines.checkPositive("retry.max-backoff", maxBackoff);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("retry.max-backoff (" + maxBackoff
                    + ") must not be shorter than retry.initial-backoff (" + initialBackoff + ")");
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("retry.multiplier must be a finite number >= 1, was " + multiplier);
        }
    }
}
