package dev.upskill.journey.inference;

import dev.upskill.client.inference.InferenceDeadlines;
import dev.upskill.client.inference.InferenceSettings;
import dev.upskill.client.inference.RetrySettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where the inference servers are and how the engine calls them. The defaults are the client's own
 * ({@link InferenceDeadlines#DEFAULTS}, {@link RetrySettings#DEFAULTS}; a test keeps them equal), documented in
 * docs/journey-engine.md.
 *
 * @param addresses one or more {@code host:port}; calls are spread round robin over them
 * @param deadlines the deadline of each call, per service
 * @param retry retries of idempotent calls on UNAVAILABLE
 * @param tlsCa PEM CA certificates to trust; unset = plaintext
 */
@ConfigurationProperties("upskill.journey.inference")
public record InferenceProperties(
        @DefaultValue("127.0.0.1:9090") List<String> addresses,
        @DefaultValue Deadlines deadlines,
        @DefaultValue Retry retry,
        Path tlsCa) {

    /** Per-service call deadlines. */
    public record Deadlines(
            @DefaultValue("5s") Duration embedding,
            @DefaultValue("30s") Duration catalog,
            @DefaultValue("10s") Duration ranking,
            @DefaultValue("5s") Duration grading,
            @DefaultValue("5s") Duration assignment) {
    }

    /** Exponential backoff of retries; max-attempts counts the first attempt (1 = never retry). */
    public record Retry(
            @DefaultValue("4") int maxAttempts,
            @DefaultValue("100ms") Duration initialBackoff,
            @DefaultValue("2s") Duration maxBackoff,
            @DefaultValue("2.0") double multiplier) {
    }

    /**
     * The client's settings.
     *
     * @throws IllegalArgumentException naming the property at fault ({@code upskill.journey.inference.retry.max-attempts})
     */
    public InferenceSettings toSettings() {
        try {
            return new InferenceSettings(addresses,
                    new InferenceDeadlines(deadlines.embedding(), deadlines.catalog(), deadlines.ranking(),
                            deadlines.grading(), deadlines.assignment()),
                    new RetrySettings(retry.maxAttempts(), retry.initialBackoff(), retry.maxBackoff(),
                            retry.multiplier()),
                    tlsCa);
        } catch (IllegalArgumentException e) {
            // The client names settings relative to this prefix; say the full key the operator has to fix.
            throw new IllegalArgumentException("upskill.journey.inference." + e.getMessage(), e);
        }
    }
}
