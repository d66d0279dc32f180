package dev.upskill.benchmarks.journey;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The journey engine's step timers, read from its {@code /metrics} (Prometheus text format; the engine's
 * {@code StepMetrics} says what each timer covers): per topic whose steps call the inference server, the median
 * and 99th percentile of the overhead (the step's time from its task's creation to its commit, minus its inference
 * calls), with the medians of the inference time, the whole step, its wait for a worker thread and its completion
 * (the worker's return to the commit) for context.
 */
final class StepOverheads {

    /** One topic's figures, in milliseconds; {@code count} is how many steps the overhead covers. */
    record Topic(String topic, long count, double overheadP50Ms, double overheadP99Ms, double inferenceP50Ms,
                 double stepP50Ms, double waitP50Ms, double completionP50Ms) {
    }

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)}\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private StepOverheads() {
    }

    /** The topics with an overhead timer, by name. */
    static List<Topic> parse(String prometheusText) {
        // metric -> topic -> quantile (or "count") -> value
        Map<String, Map<String, Map<String, Double>>> samples = new HashMap<>();
        for (String line : prometheusText.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!m.find() || !m.group(1).startsWith("upskill_journey_step")) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            Matcher l = LABEL.matcher(m.group(2));
            while (l.find()) {
                labels.put(l.group(1), l.group(2));
            }
            String topic = labels.get("topic");
            if (topic == null) {
                continue;
            }
            String metric = m.group(1);
            String key = metric.endsWith("_count") ? "count" : labels.get("quantile");
            // Of the whole step's timer, completions only: a BPMN error or a failure takes another path.
            if (key == null || !"completed".equals(labels.getOrDefault("outcome", "completed"))) {
                continue;
            }
            String name = metric.endsWith("_count") ? metric.substring(0, metric.length() - "_count".length())
                    : metric;
            samples.computeIfAbsent(name, k -> new TreeMap<>()).computeIfAbsent(topic, k -> new HashMap<>())
                    .put(key, Double.parseDouble(m.group(3)));
        }
        List<Topic> topics = new ArrayList<>();
        samples.getOrDefault("upskill_journey_step_overhead_seconds", Map.of()).forEach((topic, overhead) ->
                topics.add(new Topic(topic, overhead.getOrDefault("count", 0.0).longValue(),
                        ms(overhead.get("0.5")), ms(overhead.get("0.99")),
                        median(samples, "upskill_journey_step_inference_seconds", topic),
                        median(samples, "upskill_journey_step_seconds", topic),
                        median(samples, "upskill_journey_step_wait_seconds", topic),
                        median(samples, "upskill_journey_step_completion_seconds", topic))));
        return topics;
    }

    /** The highest median overhead over the topics: the figure the suite's target applies to. */
    static OptionalDouble worstMedianMs(List<Topic> topics) {
        return topics.stream().mapToDouble(Topic::overheadP50Ms).max();
    }

    private static double median(Map<String, Map<String, Map<String, Double>>> samples, String metric,
            String topic) {
        return ms(samples.getOrDefault(metric, Map.of()).getOrDefault(topic, Map.of()).get("0.5"));
    }

    private static double ms(Double seconds) {
        return seconds == null ? Double.NaN : seconds * 1000;
    }
}
