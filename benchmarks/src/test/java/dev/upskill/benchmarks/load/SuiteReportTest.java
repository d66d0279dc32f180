package dev.upskill.benchmarks.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        String md = report(out, "--load", load.toString());
        assertTrue(md.contains("| embed | 100 ms | 10.00 | 10.00 | 20.00 | p99 150 ms > 100 ms |"), md);
        assertTrue(md.contains("RESOURCE_EXHAUSTED\":2"), md);
        assertTrue(md.contains("| journeys | " + JourneyResults.TARGET
                        + " | median ≤ 20 ms | – | **not measured** |"),
                "no --journeys: " + md);
        assertTrue(!md.contains("## Journeys"), md);
        assertTrue(Files.size(out.resolve("latency-embed.png")) > 0);
        assertTrue(Files.size(out.resolve("throughput.png")) > 0);
    }

    private static final String RPC_JMH = """
            [{"benchmark":"dev.upskill.benchmarks.rpc.LargeCatalogRecommendBenchmark.recommendForGaps","mode":"sample",
              "params":{"size":"100000","transport":"inprocess"},
              "primaryMetric":{"score":30.0,"scoreError":"NaN","scoreUnit":"ms/op",
                "scorePercentiles":{"50.0":28.0,"99.0":40.0}}},
             {"benchmark":"dev.upskill.benchmarks.rpc.LargeCatalogRecommendBenchmark.recommendForGaps","mode":"sample",
              "params":{"size":"100000","transport":"netty"},
              "primaryMetric":{"score":15.0,"scoreError":"NaN","scoreUnit":"ms/op",
                "scorePercentiles":{"50.0":14.0,"99.0":24.5}}},
             {"benchmark":"dev.upskill.benchmarks.rpc.InferenceRpcBenchmark.predictSuccess","mode":"sample",
              "params":{"transport":"netty"},
              "primaryMetric":{"score":120.0,"scoreError":"NaN","scoreUnit":"us/op",
                "scorePercentiles":{"50.0":110.0,"99.0":450.0}}},
             {"benchmark":"dev.upskill.benchmarks.rpc.InferenceRpcBenchmark.trainModel","mode":"sample",
              "params":{"transport":"inprocess"},
              "primaryMetric":{"score":1500000.0,"scoreError":"NaN","scoreUnit":"us/op",
                "scorePercentiles":{"50.0":1400000.0,"99.0":2000000.0}}},
             {"benchmark":"dev.upskill.benchmarks.catalog.CatalogRecall.recallAt10","mode":"recall",
              "params":{"size":"100000","filter":"NONE","candidates":"100","queries":"200"},
              "primaryMetric":{"score":0.991,"scoreError":"NaN","scoreUnit":"recall@10","scorePercentiles":{"0.0":0.8}}},
             {"benchmark":"dev.upskill.benchmarks.catalog.CatalogRecall.recallAt10","mode":"recall",
              "params":{"size":"100000","filter":"RARE","candidates":"100","queries":"200"},
              "primaryMetric":{"score":0.94,"scoreError":"NaN","scoreUnit":"recall@10","scorePercentiles":{"0.0":0.5}}},
             {"benchmark":"dev.upskill.benchmarks.catalog.CatalogRecall.recallAt10","mode":"recall",
              "params":{"size":"100000","filter":"RARE","candidates":"200","queries":"200"},
              "primaryMetric":{"score":0.99,"scoreError":"NaN","scoreUnit":"recall@10","scorePercentiles":{"0.0":0.9}}}]
            """;

    @Test
    void theLargeCatalogTargetsAreJudgedAndEveryRpcIsTabled(@TempDir Path dir) throws IOException {
        Path json = Files.writeString(dir.resolve("jmh-rpc.json"), RPC_JMH);
        List<SuiteReport.Row> rows = SuiteReport.targets(SuiteReport.readJmh(json), List.of());
        SuiteReport.Row recall = row(rows, "recall@10");
        assertEquals("FAIL", recall.verdict(), "RARE 0.94 < 0.95 at 100 candidates (200 candidates do not count)");
        assertEquals("NONE 0.991, RARE 0.940 (200 queries)", recall.measured());
        SuiteReport.Row large = row(rows, "100k-course");
        assertEquals("PASS", large.verdict(), "loopback p99 24.5 ≤ 25, though in-process 40 is not");
        assertEquals("p50 14.00 ms, p99 24.50 ms; in-process: p99 40.00 ms", large.measured());
        assertTrue(large.target().contains("Netty loopback"), large.target());

        Path out = dir.resolve("out");
        String md = report(out, "--jmh", json.toString());
        assertTrue(md.contains("| Assignment | PredictSuccess | 1 pair, 3 factors | – | – | 0.110 | 0.450 |"), md);
        assertTrue(md.contains("| Assignment | TrainModel | 500 rows, dry run (6 forests) | 1,400 | 2,000 | – | – |"), md);
        assertTrue(md.contains("| Ranking | RecommendForGaps | 5 gaps, 50 candidates per gap of **100,000** courses, "
                + "top 10 | 28.00 | 40.00 | 14.00 | 24.50 |"), md);
        assertFalse(md.contains("| Embed |"), "RPCs that did not run have no row");
        assertTrue(Files.size(out.resolve("rpc-latency.png")) > 0);
    }

    /** Runs the report's command line into {@code out}; returns report.md. */
    private static String report(Path out, String... inputs) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<String> args = new ArrayList<>(List.of("--out", out.toString()));
        args.addAll(List.of(inputs));
        assertEquals(0, new CommandLine(new SuiteReport()).execute(args.toArray(String[]::new)));
        return Files.readString(out.resolve("report.md"));
    }

    private static SuiteReport.Row row(List<SuiteReport.Row> rows, String target) {
        return rows.stream().filter(r -> r.target().contains(target)).findFirst().orElseThrow();
    }
}
