package dev.upskill.benchmarks.load;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JourneyResultsTest {

    private static final String RESULT = """
            {"tenant":"jb1","journeys":12,"concurrency":4,"finished":12,"userTasksCompleted":48,"wallSeconds":14.0,
             "completedPerSecond":0.86,"startedPerSecond":0.97,"journeyP50Ms":3331,"journeyP99Ms":7127,
             "journeyMaxMs":7127,
             "calls":{"StartJourney":{"count":12,"p50Ms":53.4,"p99Ms":205.3,"maxMs":205.3}},
             "stepOverheads":[
               {"topic":"propose-learning-path","count":12,"overheadP50Ms":16.5,"overheadP99Ms":45.0,
                "inferenceP50Ms":95.4,"stepP50Ms":111.9,"waitP50Ms":3.0,
                "completionP50Ms":7.0},
               {"topic":"record-outcomes","count":12,"overheadP50Ms":14.0,"overheadP99Ms":25.0,
                "inferenceP50Ms":12.0,"stepP50Ms":26.0,"waitP50Ms":2.0}],
             "worstStepOverheadP50Ms":16.5}
            """;

    private static Optional<JsonObject> result(double worst) {
        JsonObject r = JsonParser.parseString(RESULT).getAsJsonObject();
        r.getAsJsonArray("stepOverheads").get(0).getAsJsonObject().addProperty("overheadP50Ms", worst);
        r.addProperty("worstStepOverheadP50Ms", worst);
        return Optional.of(r);
    }

    @Test
    void theWorstTopicsMedianIsJudgedAgainstTwentyMilliseconds() {
        SuiteReport.Row pass = JourneyResults.targetRow(result(16.5));
        assertEquals("PASS", pass.verdict());
        assertEquals("propose-learning-path: median 16.5 ms, p99 45.0 ms (12 journeys, 4 at a time)", pass.measured());
        assertEquals("FAIL", JourneyResults.targetRow(result(20.5)).verdict());
        assertEquals("not measured", JourneyResults.targetRow(Optional.empty()).verdict());
    }

    @Test
    void theReportGetsASectionPerJourneyRunAndTheTargetFromTheOneAtATimeRun(@TempDir Path dir) throws IOException {
        Path journeys = Files.writeString(dir.resolve("journeys.json"), RESULT);
        Path underLoad = Files.writeString(dir.resolve("journeys-load.json"), RESULT
                .replace("\"overheadP50Ms\":16.5", "\"overheadP50Ms\":61.5")
                .replace("\"worstStepOverheadP50Ms\":16.5", "\"worstStepOverheadP50Ms\":61.5"));
        Path out = dir.resolve("out");
        System.setProperty("java.awt.headless", "true");
        assertEquals(0, new CommandLine(new SuiteReport()).execute("--out", out.toString(), "--journeys",
                journeys.toString(), "--journeys-load", underLoad.toString()));
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("## Journeys, one at a time") && md.contains("## Journeys under load"), md);
        assertTrue(md.contains("| propose-learning-path | 12 | 61.50 |"), "the run under load has its section: " + md);
        assertTrue(md.contains("| journeys | " + JourneyResults.TARGET + " | median ≤ 20 ms | propose-learning-path: "
                + "median 16.5 ms, p99 45.0 ms (12 journeys, 4 at a time) | **PASS** |"), md);
        assertTrue(md.contains("| 12 | 48 | 14.00 | 0.86 | 0.97 | 3,331 | 7,127 | 7,127 |"), md);
        assertTrue(md.contains("| propose-learning-path | 12 | 16.50 | 45.00 | 3.00 | 95.40 | 7.00 | 112 |"), md);
        assertTrue(md.contains("| StartJourney | 12 | 53.40 | 205 | 205 |"), md);
    }
}
