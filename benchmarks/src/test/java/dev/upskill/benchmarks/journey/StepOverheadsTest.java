package dev.upskill.benchmarks.journey;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StepOverheadsTest {

    /** As the engine's PrometheusMeterRegistry writes them (labels sorted, quantile last). */
    private static final String METRICS = """
            # TYPE upskill_journey_step_overhead_seconds summary
            upskill_journey_step_overhead_seconds{topic="propose-learning-path",quantile="0.5"} 0.0165
            upskill_journey_step_overhead_seconds{topic="propose-learning-path",quantile="0.99"} 0.045
            upskill_journey_step_overhead_seconds_count{topic="propose-learning-path"} 12
            upskill_journey_step_overhead_seconds_sum{topic="propose-learning-path"} 0.3
            upskill_journey_step_inference_seconds{topic="propose-learning-path",quantile="0.5"} 0.0954
            upskill_journey_step_seconds{outcome="bpmn-error",topic="propose-learning-path",quantile="0.5"} 9.0
            upskill_journey_step_seconds{outcome="completed",topic="propose-learning-path",quantile="0.5"} 0.112
            upskill_journey_step_seconds{outcome="completed",topic="load-profile",quantile="0.5"} 0.01
            upskill_journey_step_wait_seconds{topic="propose-learning-path",quantile="0.5"} 0.003
            upskill_journey_step_completion_seconds{topic="propose-learning-path",quantile="0.5"} 0.007
            jvm_threads_live_threads 80
            """;

    @Test
    void readsEachTopicWithAnOverheadTimer() {
        List<StepOverheads.Topic> topics = StepOverheads.parse(METRICS);
        assertEquals(1, topics.size(), "load-profile calls no inference: no overhead timer");
        StepOverheads.Topic t = topics.getFirst();
        assertEquals("propose-learning-path", t.topic());
        assertEquals(12, t.count());
        assertEquals(16.5, t.overheadP50Ms(), 1e-9);
        assertEquals(45, t.overheadP99Ms(), 1e-9);
        assertEquals(95.4, t.inferenceP50Ms(), 1e-9);
        assertEquals(112, t.stepP50Ms(), 1e-9, "completions only");
        assertEquals(3, t.waitP50Ms(), 1e-9);
        assertEquals(7, t.completionP50Ms(), 1e-9);
        assertEquals(16.5, StepOverheads.worstMedianMs(topics).orElseThrow(), 1e-9);
    }
}
