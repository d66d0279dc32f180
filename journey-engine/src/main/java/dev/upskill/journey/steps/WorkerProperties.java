package dev.upskill.journey.steps;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The engine's external-task workers.
 *
 * @param enabled false = this node runs no workers (another node, or a test that plays them)
 * @param threads steps run at once
 * @param lockDuration how long a fetched task stays locked to this node; a step still running after it may be
 *     delivered again (its writes then commit once, see {@link StepWorker})
 * @param retries attempts after the first failure before the step becomes an incident
 * @param initialBackoff the wait before the first retry; doubled for each further one
 * @param maxBackoff the longest wait between retries
 * @param pollInterval how often to look for tasks when not woken (tasks created on other nodes, retries due)
 * @param excludedTopics topics this node does not serve (another node, or an external worker, serves them)
 */
@ConfigurationProperties("upskill.journey.workers")
public record WorkerProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("4") int threads,
        @DefaultValue("5m") Duration lockDuration,
        @DefaultValue("3") int retries,
        @DefaultValue("5s") Duration initialBackoff,
        @DefaultValue("10m") Duration maxBackoff,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue List<String> excludedTopics) {

    public WorkerProperties {
        excludedTopics = excludedTopics == null ? List.of() : List.copyOf(excludedTopics);
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("upskill.journey.workers.threads: 1 to 64, was " + threads);
        }
        if (retries < 0 || retries > 100) {
            throw new IllegalArgumentException("upskill.journey.workers.retries: 0 to 100, was " + retries);
        }
        for (Duration d : new Duration[] {lockDuration, initialBackoff, maxBackoff, pollInterval}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("upskill.journey.workers durations must be positive, was " + d);
            }
        }
    }

    /** The wait before retry number {@code retry} (1 = the first retry). */
    public Duration backoff(int retry) {
        Duration wait = initialBackoff.multipliedBy(1L << Math.min(30, Math.max(0, retry - 1)));
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
