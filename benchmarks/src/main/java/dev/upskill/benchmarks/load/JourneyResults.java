package dev.upskill.benchmarks.load;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * The journey-engine part of the suite report, from the JSON that
 * {@code dev.upskill.benchmarks.journey.JourneyThroughput} writes (bin/benchmark-journeys): the target row of a
 * step's overhead over its inference call and a section per run (throughput, time per journey, the overhead per
 * step topic, the JourneyService calls).
 */
final class JourneyResults {

    static final String TARGET = "a journey step's overhead over its inference call (worst step topic's median)";
    static final String GOAL = "median ≤ 20 ms";
    static final double BOUND_MS = 20;

    private JourneyResults() {
    }

    /** The driver's result, or empty when the file is missing or empty (the journey benchmark did not run). */
    static Optional<JsonObject> read(Path file) throws IOException {
        if (file == null || !Files.isRegularFile(file) || Files.size(file) == 0) {
            return Optional.empty();
        }
        return Optional.of(JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject());
    }

    /**
     * PASS when the median overhead of every step topic that calls the inference server is within the goal: the
     * engine keeps one timer per topic, and each topic's steps are what a journey waits for at that point.
     */
    static SuiteReport.Row targetRow(Optional<JsonObject> result) {
        Optional<JsonObject> worst = result.filter(r -> r.has("stepOverheads")).flatMap(r -> StreamSupport.stream(
                        r.getAsJsonArray("stepOverheads").spliterator(), false)
                .map(JsonElement::getAsJsonObject)
                .max(Comparator.comparingDouble(t -> t.get("overheadP50Ms").getAsDouble())));
        if (worst.isEmpty()) {
            return new SuiteReport.Row("journeys", TARGET, GOAL, "–", SuiteReport.NOT_MEASURED);
        }
        JsonObject r = result.get();
        JsonObject topic = worst.get();
        double median = topic.get("overheadP50Ms").getAsDouble();
        return new SuiteReport.Row("journeys", TARGET, GOAL, String.format(Locale.ROOT,
                "%s: median %.1f ms, p99 %.1f ms (%d journeys, %d at a time)", topic.get("topic").getAsString(),
                median, topic.get("overheadP99Ms").getAsDouble(), r.get("journeys").getAsInt(),
                r.get("concurrency").getAsInt()),
                median <= BOUND_MS ? "PASS" : "FAIL");
    }

    /** A journeys section of report.md under {@code title}, or nothing when that journey benchmark did not run. */
    static String section(Optional<JsonObject> result, String title) {
        if (result.isEmpty()) {
            return "";
        }
        JsonObject r = result.get();
        StringBuilder md = new StringBuilder("\n## " + title + "\n\n");
        md.append(String.format(Locale.ROOT, "%d journeys in tenant %s, at most %d at a time; every user task "
                        + "completed at once over Camunda's REST API by the driver (JourneyThroughput) as the employee "
                        + "or manager; journey engine and inference server on this machine.%s%n%n",
                r.get("journeys").getAsInt(), r.get("tenant").getAsString(), r.get("concurrency").getAsInt(),
                r.has("stoppedBecause") ? " **Stopped early: " + r.get("stoppedBecause").getAsString() + ".**" : ""));
        md.append("| finished | user tasks | wall s | completed /s | started /s | journey p50 ms | journey p99 ms | "
                        + "journey max ms |\n|---|---|---|---|---|---|---|---|\n")
                .append(String.format(Locale.ROOT, "| %d | %d | %s | %s | %s | %s | %s | %s |%n",
                        r.get("finished").getAsInt(), r.get("userTasksCompleted").getAsLong(), cell(r, "wallSeconds"),
                        cell(r, "completedPerSecond"), cell(r, "startedPerSecond"), cell(r, "journeyP50Ms"),
                        cell(r, "journeyP99Ms"), cell(r, "journeyMaxMs")));
        md.append("\nSteps that call the inference server (the engine's /metrics: from the external task's creation "
                        + "to the commit of its completion; overhead = that minus the step's inference calls; wait = "
                        + "creation to a worker thread starting it; completion = the worker's return to the commit, "
                        + "the process running on to its next wait state):\n\n")
                .append("| topic | steps | overhead p50 ms | overhead p99 ms | wait p50 ms | inference p50 ms | "
                        + "completion p50 ms | step p50 ms |\n|---|---|---|---|---|---|---|---|\n");
        for (JsonElement e : r.getAsJsonArray("stepOverheads")) {
            JsonObject t = e.getAsJsonObject();
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s | %s |%n",
                    t.get("topic").getAsString(), t.get("count").getAsLong(), cell(t, "overheadP50Ms"),
                    cell(t, "overheadP99Ms"), cell(t, "waitP50Ms"), cell(t, "inferenceP50Ms"),
                    cell(t, "completionP50Ms"), cell(t, "stepP50Ms")));
        }
        md.append("\nCalls the driver made (closed loop over loopback, each timed from send to answer):\n\n")
                .append("| call | count | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|\n");
        for (Map.Entry<String, JsonElement> e : r.getAsJsonObject("calls").entrySet()) {
            JsonObject c = e.getValue().getAsJsonObject();
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s |%n", e.getKey(), c.get("count").getAsLong(),
                    cell(c, "p50Ms"), cell(c, "p99Ms"), cell(c, "maxMs")));
        }
        return md.toString();
    }

    private static String cell(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return "–";
        }
        double v = e.getAsDouble();
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%,.0f" : "%.2f", v);
    }
}
