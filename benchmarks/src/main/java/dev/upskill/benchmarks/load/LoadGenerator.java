package dev.upskill.benchmarks.load;

import dev.upskill.benchmarks.rpc.Requests;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Open-loop load against a running inference server: requests at a fixed rate, latency from each request's
 * intended send time (coordinated-omission correct, HdrHistogram), p50/p99/p99.9/max, throughput and errors by
 * status; {@code --sweep} raises the rate step by step until p99 exceeds a bound, calls fail or are shed, or the
 * server no longer keeps up: the last rate that passed is the saturation point. See docs/benchmarks.md.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.upskill.benchmarks.load.LoadGenerator \
 *     --target localhost:9090 --rpc embed --rate 200 --duration 30s
 * </pre>
 */
@Command(name = "loadgen", mixinStandardHelpOptions = true,
        description = "Open-loop, coordinated-omission-correct load against an Upskill inference server.")
public final class LoadGenerator implements Callable<Integer> {

    @Option(names = "--target", defaultValue = "localhost:9090", description = "host:port [${DEFAULT-VALUE}]")
    String target;

    @Option(names = "--rpc", split = ",", defaultValue = "embed",
            description = "embed, search, recommend, grade, predict; comma-separated for several [${DEFAULT-VALUE}]")
    List<String> rpcs;

    @Option(names = "--tenant", defaultValue = "demo", description = "tenant of search and recommend [${DEFAULT-VALUE}]")
    String tenant;

    @Option(names = "--rate", defaultValue = "100", description = "requests per second (fixed mode) [${DEFAULT-VALUE}]")
    double rate;

    @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class,
            description = "measured time per run or sweep step, e.g. 30s, 2m, 500ms [${DEFAULT-VALUE}]")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "10s", converter = DurationConverter.class,
            description = "unmeasured load first, at the first rate [${DEFAULT-VALUE}]")
    Duration warmup;

    @Option(names = "--deadline", defaultValue = "5s", converter = DurationConverter.class,
            description = "gRPC deadline per call [${DEFAULT-VALUE}]")
    Duration deadline;

    @Option(names = "--max-in-flight", defaultValue = "5000",
            description = "requests due while this many are outstanding are not sent (counted as CLIENT_BACKLOG) "
                    + "[${DEFAULT-VALUE}]")
    int maxInFlight;

    @Option(names = "--sweep", description = "step the rate up to the saturation point")
    boolean sweep;

    @Option(names = "--sweep-start", defaultValue = "10", description = "first rate of a sweep [${DEFAULT-VALUE}]")
    double sweepStart;

    @Option(names = "--sweep-factor", defaultValue = "1.5", description = "rate multiplier per step [${DEFAULT-VALUE}]")
    double sweepFactor;

    @Option(names = "--sweep-max", defaultValue = "20000", description = "highest rate tried [${DEFAULT-VALUE}]")
    double sweepMax;

    @Option(names = "--sweep-refine", defaultValue = "2",
            description = "after a sweep, bisect between the last rate that passed and the first that failed this "
                    + "many times [${DEFAULT-VALUE}]")
    int sweepRefine;

    @Option(names = "--p99-bound", defaultValue = "100",
            description = "a sweep stops at a step whose p99 exceeds this many ms [${DEFAULT-VALUE}]")
    double p99BoundMillis;

    @Option(names = "--json", description = "append one JSON line per run (and per sweep's saturation) to this file")
    Path json;

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadGenerator()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ManagedChannel channel = NettyChannelBuilder.forTarget(target).usePlaintext()
                .maxInboundMessageSize(64 << 20).build();
        try {
            OpenLoop loop = new OpenLoop(OpenLoop.Ticker.SYSTEM, maxInFlight, deadline.plusSeconds(5));
            for (String id : rpcs) {
                Rpcs rpc = Rpcs.byId(id.trim());
                OpenLoop.Call call = rpc.call(channel, tenant, Requests.DEMO_GAPS, deadline.toMillis());
                double first = sweep ? sweepStart : rate;
                if (!warmup.isZero()) {
                    OpenLoop.Result w = loop.run(call, first, warmup);
                    out.printf(Locale.ROOT, "%s warm-up: %d sent, %d ok, errors %s%n", rpc.id, w.sent(), w.ok(),
                            w.errors());
                }
                if (sweep) {
                    sweep(loop, rpc, call);
                } else {
                    report(rpc, "fixed", loop.run(call, rate, duration));
                }
            }
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        return 0;
    }

    private void sweep(OpenLoop loop, Rpcs rpc, OpenLoop.Call call) throws InterruptedException, IOException {
        OpenLoop.Result best = null;
        String reason = "reached --sweep-max";
        double failedRate = Double.NaN;
        for (double r = sweepStart; r <= sweepMax; r *= sweepFactor) {
            OpenLoop.Result step = loop.run(call, r, duration);
            report(rpc, "sweep", step);
            String failed = SweepVerdict.failure(step, p99BoundMillis);
            if (failed != null) {
                reason = failed;
                failedRate = r;
                break;
            }
            best = step;
        }
        // Narrow the bracket [last passed, first failed] by geometric bisection.
        for (int i = 0; i < sweepRefine && best != null && !Double.isNaN(failedRate); i++) {
            double mid = Math.sqrt(best.targetRate() * failedRate);
            OpenLoop.Result step = loop.run(call, mid, duration);
            report(rpc, "refine", step);
            String failed = SweepVerdict.failure(step, p99BoundMillis);
            if (failed != null) {
                reason = failed;
                failedRate = mid;
            } else {
                best = step;
            }
        }
        String line = best == null
                ? String.format(Locale.ROOT, "%s saturation: none (the first step failed: %s)", rpc.id, reason)
                : String.format(Locale.ROOT, "%s saturation: %.0f req/s offered, %.1f req/s served, p99 %.2f ms"
                        + " (at %.0f req/s: %s)", rpc.id, best.targetRate(), best.throughput(), best.millis(99),
                        failedRate, reason);
        out.println(line);
        appendJson(String.format(Locale.ROOT,
                "{\"rpc\":\"%s\",\"mode\":\"saturation\",\"p99BoundMs\":%s,\"saturationRate\":%s,"
                        + "\"saturationThroughput\":%s,\"failedRate\":%s,\"reason\":\"%s\"}",
                rpc.id, num(p99BoundMillis), best == null ? "null" : num(best.targetRate()),
                best == null ? "null" : num(best.throughput()), num(failedRate), reason.replace("\"", "'")));
    }

    private void report(Rpcs rpc, String mode, OpenLoop.Result r) throws IOException {
        out.printf(Locale.ROOT, "%-9s rate %8.1f/s  served %8.1f/s  sent %7d  ok %7d  p50 %8.2f  p99 %8.2f  "
                        + "p99.9 %8.2f  max %8.2f ms  errors %s%n", rpc.id, r.targetRate(), r.throughput(), r.sent(),
                r.ok(), r.millis(50), r.millis(99), r.millis(99.9), r.maxMillis(), r.errors());
        String errors = r.errors().entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":" + e.getValue()).collect(Collectors.joining(",", "{", "}"));
        appendJson(String.format(Locale.ROOT,
                "{\"rpc\":\"%s\",\"description\":\"%s\",\"mode\":\"%s\",\"targetRate\":%s,\"durationS\":%s,"
                        + "\"sent\":%d,\"ok\":%d,\"throughput\":%s,\"p50Ms\":%s,\"p90Ms\":%s,\"p99Ms\":%s,"
                        + "\"p999Ms\":%s,\"maxMs\":%s,\"errors\":%s}",
                rpc.id, rpc.description, mode, num(r.targetRate()), num(r.duration().toMillis() / 1000.0), r.sent(),
                r.ok(), num(r.throughput()), num(r.millis(50)), num(r.millis(90)), num(r.millis(99)),
                num(r.millis(99.9)), num(r.maxMillis()), errors));
    }

    private void appendJson(String line) throws IOException {
        if (json != null) {
            Files.writeString(json, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }

    private static String num(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4f", value) : "null";
    }

    /** Why a sweep step counts as past saturation, or null when it passed. */
    static final class SweepVerdict {
        private SweepVerdict() {
        }

        static String failure(OpenLoop.Result step, double p99BoundMillis) {
            if (step.failed() > 0) {
                return "errors " + step.errors();
            }
            if (step.millis(99) > p99BoundMillis) {
                return String.format(Locale.ROOT, "p99 %.1f ms > %.0f ms", step.millis(99), p99BoundMillis);
            }
            if (step.throughput() < 0.9 * step.targetRate()) {
                return String.format(Locale.ROOT, "served %.1f/s < 90%% of %.1f/s", step.throughput(),
                        step.targetRate());
            }
            return null;
        }
    }

    /** "30s", "2m", "500ms", or ISO-8601 ("PT30S"). */
    public static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            if (v.startsWith("pt")) {
                return Duration.parse(value);
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new CommandLine.TypeConversionException("not a duration: " + value);
            };
        }
    }
}
