package dev.upskill.benchmarks.journey;

import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Latency histograms of the calls the driver makes, by name (a JourneyService RPC, or {@code CompleteTask} over
 * Camunda's REST API): closed loop, each call timed from its send to its answer. Thread-safe.
 */
final class RpcTimings {

    /** One call's summary, in milliseconds. */
    record Summary(long count, double p50Ms, double p99Ms, double maxMs) {
    }

    private final Map<String, Histogram> histograms = new TreeMap<>();

    /** Runs the call and records its latency under {@code name}; failures are recorded too, then rethrown. */
    <T> T time(String name, Supplier<T> call) {
        long start = System.nanoTime();
        try {
            return call.get();
        } finally {
            record(name, System.nanoTime() - start);
        }
    }

    synchronized void record(String name, long nanos) {
        // Microseconds up to an hour, 3 significant digits.
        histograms.computeIfAbsent(name, n -> new Histogram(3_600_000_000L, 3)).recordValue(Math.max(1, nanos / 1000));
    }

    synchronized Map<String, Summary> summaries() {
        Map<String, Summary> summaries = new TreeMap<>();
        histograms.forEach((name, h) -> summaries.put(name, new Summary(h.getTotalCount(),
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0)));
        return summaries;
    }
}
