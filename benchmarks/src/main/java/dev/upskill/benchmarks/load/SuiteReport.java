package dev.upskill.benchmarks.load;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;

/**
 * Writes the suite's {@code report.md} and PNG charts from JMH's JSON results and the load generator's JSON
 * lines: one table row per target (goal, measured, PASS / FAIL / not measured), the load runs, and the
 * saturation points. Run by {@code bin/benchmark}; see docs/benchmarks.md.
 */
@Command(name = "suite-report", mixinStandardHelpOptions = true,
        description = "report.md and charts from JMH JSON and load generator JSON lines")
public final class SuiteReport implements Callable<Integer> {

    @Option(names = "--jmh", description = "JMH JSON result files (missing files are skipped)")
    List<Path> jmhFiles = new ArrayList<>();

    @Option(names = "--load", description = "the load generator's JSON lines")
    Path loadFile;

    @Option(names = "--journeys", description = "the journey benchmark's JSON (JourneyThroughput --json) with one "
            + "journey at a time: the overhead target's row and a section")
    Path journeysFile;

    @Option(names = "--journeys-load", description = "the journey benchmark's JSON at a higher concurrency: a section")
    Path journeysLoadFile;

    @Option(names = "--out", required = true, description = "directory of report.md and the PNGs")
    Path out;

    @Option(names = "--title", defaultValue = "Benchmark run")
    String title;

    @Option(names = "--notes", defaultValue = "", description = "a paragraph under the title (machine, load, ...)")
    String notes;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SuiteReport()).execute(args));
    }

    /** One JMH result: benchmark name (class.method), params, score, percentiles. */
    record Jmh(String benchmark, Map<String, String> params, String mode, double score, double error, String unit,
               Map<String, Double> percentiles) {
        OptionalDouble percentile(String p) {
            Double v = percentiles.get(p);
            return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
        }
    }

    /** A row of the targets table. */
    record Row(String area, String target, String goal, String measured, String verdict) {
    }

    @Override
    public Integer call() throws IOException {
        List<Jmh> jmh = new ArrayList<>();
        for (Path file : jmhFiles) {
            if (Files.isRegularFile(file) && Files.size(file) > 0) {
                jmh.addAll(readJmh(file));
            }
        }
        List<JsonObject> load = new ArrayList<>();
        if (loadFile != null && Files.isRegularFile(loadFile)) {
            for (String line : Files.readAllLines(loadFile, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    load.add(JsonParser.parseString(line).getAsJsonObject());
                }
            }
        }
        Files.createDirectories(out);
        List<String> charts = charts(load);
        RpcLatencies.chart(jmh, out).ifPresent(charts::add);
        Optional<JsonObject> journeys = JourneyResults.read(journeysFile);
        List<Row> rows = new ArrayList<>(targets(jmh, load));
        rows.add(JourneyResults.targetRow(journeys));
        Files.writeString(out.resolve("report.md"), markdown(rows, jmh, load, charts)
                + JourneyResults.section(journeys, "Journeys, one at a time")
                + JourneyResults.section(JourneyResults.read(journeysLoadFile), "Journeys under load"),
                StandardCharsets.UTF_8);
        System.out.println("wrote " + out.resolve("report.md") + " and " + charts.size() + " charts");
        return 0;
    }

    static List<Jmh> readJmh(Path file) throws IOException {
        List<Jmh> results = new ArrayList<>();
        JsonArray array = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonArray();
        for (JsonElement e : array) {
            JsonObject o = e.getAsJsonObject();
            Map<String, String> params = new LinkedHashMap<>();
            if (o.has("params")) {
                o.getAsJsonObject("params").entrySet().forEach(p -> params.put(p.getKey(), p.getValue().getAsString()));
            }
            JsonObject m = o.getAsJsonObject("primaryMetric");
            Map<String, Double> percentiles = new LinkedHashMap<>();
            if (m.has("scorePercentiles")) {
                m.getAsJsonObject("scorePercentiles").entrySet()
                        .forEach(p -> percentiles.put(p.getKey(), p.getValue().getAsDouble()));
            }
            String name = o.get("benchmark").getAsString();
            String[] parts = name.split("\\.");
            String shortName = parts[parts.length - 2] + "." + parts[parts.length - 1];
            results.add(new Jmh(shortName, params, o.get("mode").getAsString(), num(m.get("score")),
                    num(m.get("scoreError")), m.get("scoreUnit").getAsString(), percentiles));
        }
        return results;
    }

    private static double num(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return Double.NaN;
        }
        try {
            return e.getAsDouble();
        } catch (NumberFormatException nan) {
            return Double.NaN;
        }
    }

    static Optional<Jmh> find(List<Jmh> jmh, String benchmark, String... params) {
        return jmh.stream().filter(r -> r.benchmark().equals(benchmark)).filter(r -> {
            for (int i = 0; i + 1 < params.length; i += 2) {
                if (!params[i + 1].equals(r.params().get(params[i]))) {
                    return false;
                }
            }
            return true;
        }).findFirst();
    }

    static final String NOT_MEASURED = "not measured";

    private static String verdict(boolean pass) {
        return pass ? "PASS" : "FAIL";
    }

    static String f(double v) {
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    /** Every goal of docs/benchmarks.md, plus the issue-9 ones (the journeys' row: {@link JourneyResults}). */
    static List<Row> targets(List<Jmh> jmh, List<JsonObject> load) {
        List<Row> rows = new ArrayList<>();
        Optional<Jmh> one = find(jmh, "EmbeddingGrpcBenchmark.oneCaller", "batching", "on");
        rows.add(one.map(r -> {
            double p50 = r.percentile("50.0").orElse(Double.NaN), p99 = r.percentile("99.0").orElse(Double.NaN);
            return new Row("embedding", "G1 gRPC Embed, one sentence, one caller", "p50 ≤ 2.5 ms, p99 ≤ 8 ms",
                    "p50 " + f(p50) + " ms, p99 " + f(p99) + " ms", verdict(p50 <= 2.5 && p99 <= 8));
        }).orElse(new Row("embedding", "G1 gRPC Embed, one sentence, one caller", "p50 ≤ 2.5 ms, p99 ≤ 8 ms",
                "–", NOT_MEASURED)));
        Optional<Jmh> floor = find(jmh, "EmbeddingInProcessBenchmark.runnerOneSentence");
        rows.add(one.isPresent() && floor.isPresent()
                ? overhead(one.get(), floor.get())
                : new Row("embedding", "G2 serving overhead (gRPC p50 − model p50)", "≤ 0.3 ms", "–", NOT_MEASURED));
        Optional<Jmh> on = find(jmh, "EmbeddingGrpcBenchmark.callers16", "batching", "on");
        Optional<Jmh> onLatency = find(jmh, "EmbeddingGrpcBenchmark.callers16Latency", "batching", "on");
        rows.add(on.isPresent() && onLatency.isPresent()
                ? new Row("embedding", "G3 16 concurrent single-sentence callers", "≥ 900 sentences/s, p99 ≤ 40 ms",
                        f(on.get().score()) + pm(on.get().error()) + " /s, p99 "
                                + f(onLatency.get().percentile("99.0").orElse(Double.NaN)) + " ms",
                        verdict(on.get().score() >= 900 && onLatency.get().percentile("99.0").orElse(1e9) <= 40))
                : new Row("embedding", "G3 16 concurrent single-sentence callers", "≥ 900 sentences/s, p99 ≤ 40 ms",
                        "–", NOT_MEASURED));
        Optional<Jmh> off = find(jmh, "EmbeddingGrpcBenchmark.callers16", "batching", "off");
        rows.add(on.isPresent() && off.isPresent()
                ? new Row("embedding", "G4 batching on / off at 16 callers", "≥ 1.5×",
                        String.format(Locale.ROOT, "%.2f× (%s / %s)", on.get().score() / off.get().score(),
                                f(on.get().score()), f(off.get().score())),
                        verdict(on.get().score() / off.get().score() >= 1.5))
                : new Row("embedding", "G4 batching on / off at 16 callers", "≥ 1.5×", "–", NOT_MEASURED));
        rows.add(percentileRow(find(jmh, "CatalogSearchBenchmark.denseTop10", "filter", "POPULAR"), "catalog search",
                "100k courses, top 10, one-competency filter (5 %), Lucene, in-process", "p99 ≤ 5 ms", 5, "99.0"));
        rows.add(recall(jmh));
        rows.add(percentileRow(find(jmh, "RankingBenchmark.rank100For3Gaps", "diversity", "off"), "ranking",
                "rank 100 candidates for 3 gaps, in-process (no goal stated)", "reported", Double.NaN, "99.0"));
        rows.add(singleShot(find(jmh, "AssignmentTrainingBenchmark.trainModelRun10k", "snapValues", "64"),
                "whole TrainModel run, 10,000 rows (5-fold CV + final forest)", 10));
        rows.add(percentileRow(find(jmh, "AssignmentPredictionBenchmark.onePrediction"), "assignment",
                "one prediction (3 factors), in-process", "p99 ≤ 50 µs", 50, "99.0"));
        Optional<Jmh> batch = find(jmh, "AssignmentPredictionBenchmark.batchPredictionsTreeMajor");
        rows.add(batch.map(r -> new Row("assignment", "batch predictions, no factors (tree-major)",
                        "≥ 100,000 rows/s", f(r.score()) + pm(r.error()) + " rows/s", verdict(r.score() >= 100_000)))
                .orElse(new Row("assignment", "batch predictions, no factors (tree-major)", "≥ 100,000 rows/s", "–",
                        NOT_MEASURED)));
        rows.add(percentileRow(find(jmh, "AssignmentGrpcBenchmark.onePredictionOverGrpc"), "assignment",
                "one PredictSuccess over gRPC", "p99 ≤ 1 ms (1,000 µs)", 1000, "99.0"));
        rows.add(percentileRow(find(jmh, "GradingBenchmark.oneAnswer"), "grading",
                "grade one 103-word answer, 3 key points, in-process", "p99 ≤ 30 ms", 30, "99.0"));
        rows.add(largeCatalogRecommendation(jmh, load));
        return rows;
    }

    /** " ± error", or nothing when JMH gave none (one fork with few iterations). */
    private static String pm(double error) {
        return Double.isFinite(error) ? " ± " + f(error) : "";
    }

    private static Row overhead(Jmh grpc, Jmh floor) {
        double d = grpc.percentile("50.0").orElse(Double.NaN) - floor.percentile("50.0").orElse(Double.NaN);
        return new Row("embedding", "G2 serving overhead (gRPC p50 − model p50)", "≤ 0.3 ms",
                f(d) + " ms (" + f(grpc.percentile("50.0").orElse(Double.NaN)) + " − "
                        + f(floor.percentile("50.0").orElse(Double.NaN)) + ")", verdict(d <= 0.3));
    }

    private static Row percentileRow(Optional<Jmh> r, String area, String target, String goal, double bound,
                                     String percentile) {
        return r.map(j -> {
            double v = j.percentile(percentile).orElse(Double.NaN);
            String unit = j.unit().replace("/op", "").replace("us", "µs");
            return new Row(area, target, goal, "p50 " + f(j.percentile("50.0").orElse(Double.NaN)) + " " + unit
                    + ", p99 " + f(v) + " " + unit, Double.isNaN(bound) ? "reported" : verdict(v <= bound));
        }).orElse(new Row(area, target, goal, "–", NOT_MEASURED));
    }

    private static Row singleShot(Optional<Jmh> r, String target, double boundSeconds) {
        return r.map(j -> new Row("assignment", target, "≤ 10 s", f(j.score()) + " s (mean of the shots)",
                        verdict(j.score() <= boundSeconds)))
                .orElse(new Row("assignment", target, "≤ 10 s", "–", NOT_MEASURED));
    }

    /**
     * Recall@10 of HNSW against exact search ({@code CatalogRecall --json}) at the server's default of 100 HNSW
     * candidates, per filter; judged on the lowest.
     */
    private static Row recall(List<Jmh> jmh) {
        String target = "recall@10 against exact search (100k courses, 100 HNSW candidates, lowest over the filters)";
        List<Jmh> filters = jmh.stream().filter(r -> r.benchmark().equals("CatalogRecall.recallAt10")
                && "100".equals(r.params().get("candidates"))).toList();
        if (filters.isEmpty()) {
            return new Row("catalog search", target, "≥ 0.95", "– (CatalogRecall)", NOT_MEASURED);
        }
        StringBuilder measured = new StringBuilder();
        for (Jmh r : filters) {
            measured.append(measured.isEmpty() ? "" : ", ").append(r.params().get("filter"))
                    .append(String.format(Locale.ROOT, " %.3f", r.score()));
        }
        double lowest = filters.stream().mapToDouble(Jmh::score).min().orElseThrow();
        return new Row("catalog search", target, "≥ 0.95",
                measured + " (" + filters.getFirst().params().get("queries") + " queries)", verdict(lowest >= 0.95));
    }

    /**
     * RecommendForGaps on the 100k-course catalog, judged on the Netty loopback result of
     * {@code LargeCatalogRecommendBenchmark} (the in-process one is shown beside it). Without it, the load run's
     * figure on the 300-course demo catalog is shown, not judged.
     */
    private static Row largeCatalogRecommendation(List<Jmh> jmh, List<JsonObject> load) {
        String target = "RecommendForGaps, 5 gaps, 100k-course catalog, one caller, over gRPC (Netty loopback)";
        String goal = "p99 ≤ 25 ms";
        Optional<Jmh> netty = find(jmh, "LargeCatalogRecommendBenchmark.recommendForGaps", "transport", "netty",
                "size", "100000");
        if (netty.isPresent()) {
            double p99 = RpcLatencies.millis(netty.get(), "99.0");
            String inProcess = find(jmh, "LargeCatalogRecommendBenchmark.recommendForGaps", "transport", "inprocess",
                    "size", "100000").map(r -> "; in-process: p99 " + f(RpcLatencies.millis(r, "99.0")) + " ms")
                    .orElse("");
            return new Row("ranking", target, goal, "p50 " + f(RpcLatencies.millis(netty.get(), "50.0")) + " ms, p99 "
                    + f(p99) + " ms" + inProcess, verdict(p99 <= 25));
        }
        Optional<JsonObject> recommend = load.stream()
                .filter(o -> "recommend".equals(o.get("rpc").getAsString()) && o.has("p99Ms")
                        && !o.get("p99Ms").isJsonNull() && o.get("ok").getAsLong() > 0)
                .min((a, b) -> Double.compare(a.get("targetRate").getAsDouble(), b.get("targetRate").getAsDouble()));
        return new Row("ranking", target, goal,
                recommend.map(o -> "100k catalog not run; on the 300-course demo catalog over gRPC at "
                        + f(o.get("targetRate").getAsDouble()) + " req/s: p99 " + f(o.get("p99Ms").getAsDouble())
                        + " ms").orElse("–"), NOT_MEASURED);
    }

    private List<String> charts(List<JsonObject> load) throws IOException {
        Map<String, List<JsonObject>> byRpc = new LinkedHashMap<>();
        for (JsonObject o : load) {
            if (!"saturation".equals(o.get("mode").getAsString()) && o.get("ok").getAsLong() > 0) {
                byRpc.computeIfAbsent(o.get("rpc").getAsString(), k -> new ArrayList<>()).add(o);
            }
        }
        List<String> files = new ArrayList<>();
        XYSeriesCollection throughput = new XYSeriesCollection();
        for (Map.Entry<String, List<JsonObject>> e : byRpc.entrySet()) {
            XYSeriesCollection latency = new XYSeriesCollection();
            for (String[] p : new String[][]{{"p50", "p50Ms"}, {"p99", "p99Ms"}, {"p99.9", "p999Ms"}, {"max", "maxMs"}}) {
                XYSeries s = new XYSeries(p[0]);
                e.getValue().forEach(o -> s.add(o.get("targetRate").getAsDouble(), o.get(p[1]).getAsDouble()));
                latency.addSeries(s);
            }
            JFreeChart chart = ChartFactory.createXYLineChart(e.getKey() + ": latency by offered rate (from intended "
                            + "send time)", "offered rate (requests/s)", "latency (ms, log)", latency,
                    PlotOrientation.VERTICAL, true, false, false);
            XYPlot plot = chart.getXYPlot();
            plot.setDomainAxis(logAxis("offered rate (requests/s, log)"));
            plot.setRangeAxis(logAxis("latency (ms, log)"));
            markers(plot);
            String name = "latency-" + e.getKey() + ".png";
            ChartUtils.saveChartAsPNG(out.resolve(name).toFile(), chart, 800, 500);
            files.add(name);
            XYSeries served = new XYSeries(e.getKey());
            e.getValue().forEach(o -> served.add(o.get("targetRate").getAsDouble(), o.get("throughput").getAsDouble()));
            throughput.addSeries(served);
        }
        if (!byRpc.isEmpty()) {
            XYSeries ideal = new XYSeries("served = offered");
            double max = byRpc.values().stream().flatMap(List::stream)
                    .mapToDouble(o -> o.get("targetRate").getAsDouble()).max().orElse(1);
            double min = byRpc.values().stream().flatMap(List::stream)
                    .mapToDouble(o -> o.get("targetRate").getAsDouble()).min().orElse(1);
            ideal.add(min, min);
            ideal.add(max, max);
            throughput.addSeries(ideal);
            JFreeChart chart = ChartFactory.createXYLineChart("Served against offered rate (open loop)",
                    "offered rate (requests/s)", "served (successful requests/s)", throughput,
                    PlotOrientation.VERTICAL, true, false, false);
            XYPlot plot = chart.getXYPlot();
            plot.setDomainAxis(logAxis("offered rate (requests/s, log)"));
            plot.setRangeAxis(logAxis("served (successful requests/s, log)"));
            markers(plot);
            ChartUtils.saveChartAsPNG(out.resolve("throughput.png").toFile(), chart, 800, 500);
            files.add("throughput.png");
        }
        return files;
    }

    private static LogarithmicAxis logAxis(String label) {
        LogarithmicAxis axis = new LogarithmicAxis(label);
        axis.setAllowNegativesFlag(false);
        axis.setStrictValuesFlag(false);
        return axis;
    }

    /** Lines with a marker at each measured step. */
    private static void markers(XYPlot plot) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        plot.setRenderer(renderer);
        plot.setBackgroundPaint(java.awt.Color.WHITE);
        plot.setDomainGridlinePaint(java.awt.Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(java.awt.Color.LIGHT_GRAY);
    }

    private String markdown(List<Row> rows, List<Jmh> jmh, List<JsonObject> load, List<String> charts) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(title).append("\n\n");
        if (!notes.isBlank()) {
            md.append(notes).append("\n\n");
        }
        md.append("## Targets\n\n| area | target | goal | measured | verdict |\n|---|---|---|---|---|\n");
        rows.forEach(r -> md.append("| ").append(r.area()).append(" | ").append(r.target()).append(" | ")
                .append(r.goal()).append(" | ").append(r.measured()).append(" | **").append(r.verdict())
                .append("** |\n"));
        md.append("\n## Load (open loop, latency from the intended send time)\n\n");
        md.append("| rpc | mode | offered /s | served /s | sent | ok | p50 ms | p99 ms | p99.9 ms | max ms | errors |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (JsonObject o : load) {
            if ("saturation".equals(o.get("mode").getAsString())) {
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %d | %d | %s | %s | %s | %s | %s |%n",
                    o.get("rpc").getAsString(), o.get("mode").getAsString(), f(o.get("targetRate").getAsDouble()),
                    f(o.get("throughput").getAsDouble()), o.get("sent").getAsLong(), o.get("ok").getAsLong(),
                    cell(o, "p50Ms"), cell(o, "p99Ms"), cell(o, "p999Ms"), cell(o, "maxMs"),
                    o.getAsJsonObject("errors").size() == 0 ? "–" : o.getAsJsonObject("errors").toString()));
        }
        md.append("\n### Saturation points\n\n| rpc | p99 bound | saturation (offered /s) | served /s | lowest failing "
                        + "rate /s | failed on |\n")
                .append("|---|---|---|---|---|---|\n");
        for (JsonObject o : load) {
            if ("saturation".equals(o.get("mode").getAsString())) {
                md.append(String.format(Locale.ROOT, "| %s | %s ms | %s | %s | %s | %s |%n", o.get("rpc").getAsString(),
                        cell(o, "p99BoundMs"), cell(o, "saturationRate"), cell(o, "saturationThroughput"),
                        cell(o, "failedRate"),
                        o.get("reason").getAsString().replace("|", "\\|")));
            }
        }
        md.append(RpcLatencies.markdown(jmh));
        md.append("\n## Charts\n\n");
        charts.forEach(c -> md.append("![").append(c).append("](").append(c).append(")\n\n"));
        md.append("## JMH results\n\n| benchmark | params | mode | score | ± | unit | p50 | p99 |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        for (Jmh r : jmh) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |%n", r.benchmark(),
                    r.params().isEmpty() ? "–" : r.params().toString(), r.mode(), f(r.score()), f(r.error()), r.unit(),
                    r.percentile("50.0").isPresent() ? f(r.percentile("50.0").getAsDouble()) : "–",
                    r.percentile("99.0").isPresent() ? f(r.percentile("99.0").getAsDouble()) : "–"));
        }
        return md.toString();
    }

    private static String cell(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? "–" : f(e.getAsDouble());
    }
}
