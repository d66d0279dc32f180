package dev.upskill.journey.steps;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The timers of the journey steps ({@link ExternalTaskWorkers}), each per topic with its median and 99th percentile
 * over the last {@link #WINDOW} (Micrometer's decaying window), served at {@code /metrics}:
 * <ul>
 *   <li>{@value #STEP} (tags {@code topic}, {@code outcome}): from the external task's creation (Camunda's
 *       {@code createTime}: the transaction that reached the service task) to the commit of the transaction that
 *       completed it (or, for {@code failed}, that handed it back). This is what a journey waits for a step: the
 *       wait for a worker thread, the step's own reads and writes, its inference calls and the completion;</li>
 *   <li>{@value #WAIT} (tag {@code topic}): the part of that before a worker thread took the task up (the rest of
 *       the creating transaction, its commit, the fetch and lock), to tell dispatch apart from the step's work;</li>
 *   <li>{@value #COMPLETION} (tag {@code topic}): the part of it after the worker returned: Camunda completing the
 *       task (the process runs on to its next wait state in the same transaction) and the commit;</li>
 *   <li>{@value #INFERENCE} (tag {@code topic}): the time of the step's inference calls, for steps that made any;</li>
 *   <li>{@value #OVERHEAD} (tag {@code topic}): the step's time minus its inference time, for steps that made an
 *       inference call and succeeded on their first delivery (a retried step's time includes its backoff, which is
 *       not the engine's overhead).</li>
 * </ul>
 */
@Component
public class StepMetrics {

    static final String STEP = "upskill.journey.step";
    static final String WAIT = "upskill.journey.step.wait";
    static final String COMPLETION = "upskill.journey.step.completion";
    static final String INFERENCE = "upskill.journey.step.inference";
    static final String OVERHEAD = "upskill.journey.step.overhead";

    /**
     * How far back the percentiles look: long enough to cover a benchmark run read right after it ends, short
     * enough to show a change in operation within minutes.
     */
    static final Duration WINDOW = Duration.ofMinutes(10);

    /** How a step ended, the {@code outcome} tag. */
    enum Outcome {
        COMPLETED("completed"), BPMN_ERROR("bpmn-error"), FAILED("failed");

        private final String tag;

        Outcome(String tag) {
            this.tag = tag;
        }
    }

    /**
     * Where a step's time went.
     *
     * @param step from the task's creation to the commit of its outcome
     * @param waiting from the task's creation to a worker thread starting it
     * @param completion from the worker returning to the commit; null for a failed step
     */
    record Times(Duration step, Duration waiting, Duration completion) {
    }

    private final MeterRegistry registry;

    StepMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Records one step.
     *
     * @param inferenceCalls how many inference calls the step made
     * @param inference their total time
     * @param attempt 1 for the task's first delivery
     */
    void record(String topic, Outcome outcome, Times times, long inferenceCalls, Duration inference, int attempt) {
        timer(STEP, "time from an external task's creation to the commit of its outcome", topic)
                .tag("outcome", outcome.tag).register(registry).record(times.step());
        timer(WAIT, "time from an external task's creation to a worker thread starting it", topic)
                .register(registry).record(times.waiting());
        if (times.completion() != null) {
            timer(COMPLETION, "time from a step's worker returning to the commit", topic).register(registry)
                    .record(times.completion());
        }
        if (inferenceCalls == 0) {
            return;
        }
        timer(INFERENCE, "time of a step's inference calls", topic).register(registry).record(inference);
        if (outcome != Outcome.FAILED && attempt == 1) {
            timer(OVERHEAD, "a step's time minus its inference calls' time", topic).register(registry)
                    .record(times.step().minus(inference));
        }
    }

    private static Timer.Builder timer(String name, String description, String topic) {
        // Precision 2 (Micrometer's default is 1 significant digit: a 20 ms bound needs finer buckets).
        return Timer.builder(name).description(description).tag("topic", topic).publishPercentiles(0.5, 0.99)
                .percentilePrecision(2).distributionStatisticExpiry(WINDOW).distributionStatisticBufferLength(2);
    }
}
