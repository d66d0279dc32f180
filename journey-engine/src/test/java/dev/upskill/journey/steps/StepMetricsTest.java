package dev.upskill.journey.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What each step timer records, and what it leaves out. */
class StepMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final StepMetrics metrics = new StepMetrics(registry);

    @Test
    void aStepWithInferenceRecordsItsTimeItsInferenceAndTheDifference() {
        metrics.record("propose-learning-path", StepMetrics.Outcome.COMPLETED,
                new StepMetrics.Times(Duration.ofMillis(50), Duration.ofMillis(4), Duration.ofMillis(6)), 2,
                Duration.ofMillis(35), 1);

        assertThat(registry.get(StepMetrics.STEP).tags("topic", "propose-learning-path", "outcome", "completed")
                .timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(50);
        assertThat(registry.get(StepMetrics.INFERENCE).tag("topic", "propose-learning-path").timer()
                .totalTime(TimeUnit.MILLISECONDS)).isEqualTo(35);
        assertThat(registry.get(StepMetrics.OVERHEAD).tag("topic", "propose-learning-path").timer()
                .totalTime(TimeUnit.MILLISECONDS)).isEqualTo(15);
        assertThat(registry.get(StepMetrics.WAIT).tag("topic", "propose-learning-path").timer()
                .totalTime(TimeUnit.MILLISECONDS)).isEqualTo(4);
        assertThat(registry.get(StepMetrics.COMPLETION).tag("topic", "propose-learning-path").timer()
                .totalTime(TimeUnit.MILLISECONDS)).isEqualTo(6);
    }

    @Test
    void aStepWithoutInferenceHasNoOverheadOverIt() {
        metrics.record("load-profile", StepMetrics.Outcome.COMPLETED,
                new StepMetrics.Times(Duration.ofMillis(8), Duration.ofMillis(2), Duration.ofMillis(3)), 0,
                Duration.ZERO, 1);

        assertThat(registry.get(StepMetrics.STEP).tag("topic", "load-profile").timer().count()).isEqualTo(1);
        assertThat(registry.find(StepMetrics.INFERENCE).timer()).isNull();
        assertThat(registry.find(StepMetrics.OVERHEAD).timer()).isNull();
    }

    @Test
    void failuresAndRetriesStayOutOfTheOverhead() {
        metrics.record("score-assessment", StepMetrics.Outcome.FAILED,
                new StepMetrics.Times(Duration.ofMillis(40), Duration.ZERO, null), 1, Duration.ofMillis(30), 1);
        metrics.record("score-assessment", StepMetrics.Outcome.COMPLETED,
                new StepMetrics.Times(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofMillis(5)), 1,
                Duration.ofMillis(30), 2);

        assertThat(registry.get(StepMetrics.STEP).tags("topic", "score-assessment", "outcome", "failed").timer()
                .count()).isEqualTo(1);
        assertThat(registry.get(StepMetrics.INFERENCE).tag("topic", "score-assessment").timer().count())
                .isEqualTo(2);
        assertThat(registry.find(StepMetrics.OVERHEAD).timer()).isNull();
        assertThat(registry.get(StepMetrics.COMPLETION).tag("topic", "score-assessment").timer().count())
                .isEqualTo(1);
    }
}
