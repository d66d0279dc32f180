package dev.upskill.benchmarks.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SuiteReportTest {

    private static final String JMH = """
            [{"benchmark":"dev.upskill.benchmarks.EmbeddingGrpcBenchmark.oneCaller","mode":"sample",
              "params":{"batching":"on"},
              "primaryMetric":{"score":3.0,"scoreError":"NaN","scoreUnit":"ms/op",
                "scorePercentiles":{"50.0":2.4,"99.0":7.5}}},
             {"benchmark":"dev.upskill.benchmarks.grading.GradingBenchmark.oneAnswer","mode":"sample",
              "params":{"spinWait":"false"},
              "primaryMetric":{"score":25.0,"scoreError":1.0,"scoreUnit":"ms/op",
                "scorePercentiles":{"50.0":23.0,"99.0":33.5}}}]
            """;

    @Test
    void everyTargetIsJudgedFromItsBenchmarkOrMarkedNotMeasured(@TempDir Path dir) throws IOException {
        Path json = Files.writeString(dir.resolve("jmh.json"), JMH);
        List<SuiteReport.Row> rows = SuiteReport.targets(SuiteReport.readJmh(json), List.of());
        assertEquals("PASS", row(rows, "G1").verdict(), "p50 2.4 ≤ 2.5 and p99 7.5 ≤ 8");
        assertEquals("FAIL", row(rows, "grade one").verdict(), "p99 33.5 > 30");
        assertEquals("not measured", row(rows, "G3").verdict());
        assertEquals("not measured", row(rows, "RecommendForGaps").verdict(), "no 100k catalog: never judged");
    }

    @Test
    void writesTheReportAndOneChartPerRpcPlusThroughput(@TempDir Path dir) throws IOException {
        Path load = Files.writeString(dir.resolve("load.jsonl"), """
                {"rpc":"embed","description":"Embed","mode":"sweep","targetRate":10,"durationS":5,"sent":50,"ok":50,"throughput":10,"p50Ms":3,"p90Ms":4,"p99Ms":5,"p999Ms":6,"maxMs":7,"errors":{}}
                {"rpc":"embed","description":"Embed","mode":"sweep","targetRate":20,"durationS":5,"sent":100,"ok":98,"throughput":19.6,"p50Ms":4,"p90Ms":5,"p99Ms":150,"p999Ms":160,"maxMs":170,"errors":{"RESOURCE_EXHAUSTED":2}}
                {"rpc":"embed","mode":"saturation","p99BoundMs":100,"saturationRate":10,"saturationThroughput":10,"failedRate":20,"reason":"p99 150 ms > 100 ms"}
                """);
        Path out = dir.resolve("out");
        System.setProperty("java.awt.headless", "true");
        int exit = new CommandLine(new SuiteReport()).execute("--out", out.toString(), "--load", load.toString());
        assertEquals(0, exit);
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("| embed | 100 ms | 10.00 | 10.00 | 20.00 | p99 150 ms > 100 ms |"), md);
        assertTrue(md.contains("RESOURCE_EXHAUSTED\":2"), md);
        assertTrue(md.contains("| journeys | " + JourneyResults.TARGET
                        + " | median ≤ 20 ms | – | **not measured** |"),
                "no --journeys: " + md);
        assertTrue(!md.contains("## Journeys"), md);
        assertTrue(Files.size(out.resolve("latency-embed.png")) > 0);
        assertTrue(Files.size(out.resolve("throughput.png")) > 0);
    }

    private static SuiteReport.Row row(List<SuiteReport.Row> rows, String target) {
        return rows.stream().filter(r -> r.target().contains(target)).findFirst().orElseThrow();
    }
}
