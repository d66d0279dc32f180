package dev.upskill.benchmarks.load;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The suite report's "every RPC" table and chart: p50 and p99 of each {@code InferenceRpcBenchmark} method (one
 * RPC, one fixed request, one caller) in-process and over Netty loopback, and of
 * {@code LargeCatalogRecommendBenchmark} (RecommendForGaps on the 100k-course catalog).
 */
final class RpcLatencies {

    /** An RPC of the inference server and the request the benchmark sends (see InferenceRpcBenchmark). */
    record Rpc(String service, String name, String request) {
        String benchmark() {
            return "InferenceRpcBenchmark." + Character.toLowerCase(name.charAt(0)) + name.substring(1);
        }
    }

    static final List<Rpc> RPCS = List.of(
            new Rpc("Embedding", "Embed", "1 sentence, 17 tokens"),
            new Rpc("Embedding", "EmbedStream", "32 messages of 1 sentence (11-28 tokens)"),
            new Rpc("Catalog", "UpsertCompetencies", "10 competencies, all changed"),
            new Rpc("Catalog", "UpsertCourses", "10 courses (~26 words), all changed"),
            new Rpc("Catalog", "DeleteCourses", "10 ids, all present"),
            new Rpc("Catalog", "SearchCourses", "7-word text, hybrid, top 10 of 300 courses"),
            new Rpc("Catalog", "GetCatalogInfo", "the demo tenant"),
            new Rpc("Ranking", "RankCourses", "5 gaps, 100 candidates, top 10"),
            new Rpc("Ranking", "RecommendForGaps", "5 gaps, 50 candidates per gap of 300 courses, top 10"),
            new Rpc("Ranking", "RecordOutcome", "a new outcome, 1 gap closure"),
            new Rpc("Assignment", "PredictSuccess", "1 pair, 3 factors"),
            new Rpc("Assignment", "PredictSuccessBatch", "100 pairs, no factors"),
            new Rpc("Assignment", "TrainModel", "500 rows, dry run (6 forests)"),
            new Rpc("Assignment", "GetModelInfo", "–"),
            new Rpc("Grading", "GradeAnswer", "103 words, 3 key points"),
            new Rpc("Grading", "GradeBatch", "20 answers of 103 words"));

    private static final String LARGE = "LargeCatalogRecommendBenchmark.recommendForGaps";
    private static final String[] TRANSPORTS = {"inprocess", "netty"};

    private RpcLatencies() {
    }

    /** A percentile ("50.0", "99.0") in milliseconds, whatever the unit JMH reported it in; NaN when absent. */
    static double millis(SuiteReport.Jmh r, String percentile) {
        double v = r.percentile(percentile).orElse(Double.NaN);
        return switch (r.unit()) {
            case "ns/op" -> v / 1e6;
            case "us/op" -> v / 1e3;
            case "ms/op" -> v;
            case "s/op" -> v * 1e3;
            default -> Double.NaN;
        };
    }

    /** The table, or "" when no RPC benchmark ran. */
    static String markdown(List<SuiteReport.Jmh> jmh) {
        StringBuilder md = new StringBuilder();
        for (Rpc rpc : RPCS) {
            row(md, rpc.service(), rpc.name(), rpc.request(), jmh, rpc.benchmark());
        }
        row(md, "Ranking", "RecommendForGaps", "5 gaps, 50 candidates per gap of **100,000** courses, top 10", jmh,
                LARGE);
        if (md.isEmpty()) {
            return "";
        }
        return "\n## Every RPC (JMH, one caller, ms)\n\n"
                + "A real InferenceServer per benchmark, one fixed request per RPC (InferenceRpcBenchmark; the 100k row:"
                + " LargeCatalogRecommendBenchmark), called in-process (grpc-java's in-process transport) and over"
                + " Netty on 127.0.0.1 (loopback). \"–\": not run.\n\n"
                + "| service | rpc | request | in-process p50 | in-process p99 | loopback p50 | loopback p99 |\n"
                + "|---|---|---|---|---|---|---|\n" + md;
    }

    private static void row(StringBuilder md, String service, String name, String request,
                            List<SuiteReport.Jmh> jmh, String benchmark) {
        StringBuilder cells = new StringBuilder();
        boolean any = false;
        for (String transport : TRANSPORTS) {
            Optional<SuiteReport.Jmh> r = SuiteReport.find(jmh, benchmark, "transport", transport);
            any |= r.isPresent();
            cells.append(" | ").append(r.map(j -> ms(millis(j, "50.0"))).orElse("–"))
                    .append(" | ").append(r.map(j -> ms(millis(j, "99.0"))).orElse("–"));
        }
        if (any) {
            md.append("| ").append(service).append(" | ").append(name).append(" | ").append(request).append(cells)
                    .append(" |\n");
        }
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "–" : v < 1 ? String.format(Locale.ROOT, "%.3f", v) : SuiteReport.f(v);
    }

    /** {@code rpc-latency.png}: p50 and p99 per RPC and transport on a log axis; empty when no RPC benchmark ran. */
    static Optional<String> chart(List<SuiteReport.Jmh> jmh, Path out) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Rpc rpc : RPCS) {
            add(data, jmh, rpc.benchmark(), rpc.name());
        }
        add(data, jmh, LARGE, "RecommendForGaps (100k)");
        if (data.getColumnCount() == 0) {
            return Optional.empty();
        }
        JFreeChart chart = ChartFactory.createLineChart("Every RPC, one caller (JMH)", "RPC", "latency (ms, log)",
                data, PlotOrientation.HORIZONTAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setRenderer(new LineAndShapeRenderer(false, true));
        LogAxis axis = new LogAxis("latency (ms, log)");
        axis.setSmallestValue(1e-3);
        axis.setTickUnit(new NumberTickUnit(1)); // one tick per decade
        axis.setNumberFormatOverride(new DecimalFormat("0.###"));
        plot.setRangeAxis(axis);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinesVisible(true);
        String name = "rpc-latency.png";
        ChartUtils.saveChartAsPNG(out.resolve(name).toFile(), chart, 900, 700);
        return Optional.of(name);
    }

    private static void add(DefaultCategoryDataset data, List<SuiteReport.Jmh> jmh, String benchmark, String label) {
        for (String transport : TRANSPORTS) {
            String series = transport.equals("netty") ? "loopback" : "in-process";
            SuiteReport.find(jmh, benchmark, "transport", transport).ifPresent(r -> {
                data.addValue(millis(r, "50.0"), series + " p50", label);
                data.addValue(millis(r, "99.0"), series + " p99", label);
            });
        }
    }
}
