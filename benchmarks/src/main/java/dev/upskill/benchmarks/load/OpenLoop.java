package dev.upskill.benchmarks.load;

import io.grpc.Status;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * An open-loop load run: request {@code i} is due at {@code start + i / rate}, whatever happened to the requests
 * before it, and is sent asynchronously. Its latency is taken from that <em>intended</em> send time, not from the
 * moment it was actually sent, so a stalled server (or a stalled sender) shows up as latency instead of as fewer
 * requests: the coordinated-omission correction. Latencies of successful calls go to an HdrHistogram
 * {@link Recorder}; failed calls are counted by status code.
 */
final class OpenLoop {

    /** The time source and the wait; {@link #SYSTEM} in real runs, a fake clock in tests. */
    interface Ticker {
        long nanoTime();

        /** Returns at or after {@code deadline} (a {@link #nanoTime()} value). */
        void sleepUntil(long deadline) throws InterruptedException;

        Ticker SYSTEM = new Ticker() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleepUntil(long deadline) throws InterruptedException {
                long left;
                while ((left = deadline - System.nanoTime()) > 0) {
                    // Sleep most of the wait (parking overshoots by ~50-100 µs on Linux), spin only the rest:
                    // the sender must not hold a core the server under test needs.
                    if (left > 120_000) {
                        TimeUnit.NANOSECONDS.sleep(left - 80_000);
                    } else {
                        Thread.onSpinWait();
                    }
                }
            }
        };
    }

    /** One asynchronous call: sends the request and later calls {@code done} once with its status. */
    @FunctionalInterface
    interface Call {
        void send(Consumer<Status> done);
    }

    /** The schedule: when request {@code i} is due, in ticker nanoseconds. */
    record Schedule(long startNanos, double ratePerSecond) {
        Schedule {
            if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
                throw new IllegalArgumentException("rate must be positive and finite: " + ratePerSecond);
            }
        }

        long intended(long i) {
            return startNanos + Math.round(i * 1e9 / ratePerSecond);
        }

        /** Requests due in {@code [start, start + duration)}. */
        long count(Duration duration) {
            return (long) Math.ceil(duration.toNanos() * ratePerSecond / 1e9);
        }
    }

    /** What one run measured; latencies in nanoseconds, from the intended send times. */
    record Result(double targetRate, Duration duration, long sent, long ok, Map<String, Long> errors,
                  Histogram latencies, long elapsedNanos) {

        long failed() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Successful calls per second over the whole run, until the last call completed. */
        double throughput() {
            return elapsedNanos == 0 ? 0 : ok * 1e9 / elapsedNanos;
        }

        double millis(double percentile) {
            return latencies.getTotalCount() == 0 ? Double.NaN
                    : latencies.getValueAtPercentile(percentile) / 1e6;
        }

        double maxMillis() {
            return latencies.getTotalCount() == 0 ? Double.NaN : latencies.getMaxValue() / 1e6;
        }
    }

    /** Calls still outstanding beyond this count are not sent: counted as {@code CLIENT_BACKLOG} errors. */
    static final String CLIENT_BACKLOG = "CLIENT_BACKLOG";

    private final Ticker ticker;
    private final int maxInFlight;
    private final Duration drainTimeout;

    OpenLoop(Ticker ticker, int maxInFlight, Duration drainTimeout) {
        this.ticker = ticker;
        this.maxInFlight = maxInFlight;
        this.drainTimeout = drainTimeout;
    }

    /**
     * Sends {@code rate × duration} requests on the open-loop schedule, then waits up to the drain timeout for
     * the outstanding ones (those still outstanding then count as {@code CLIENT_TIMEOUT}).
     */
    Result run(Call call, double rate, Duration duration) throws InterruptedException {
        Recorder recorder = new Recorder(TimeUnit.MINUTES.toNanos(5), 3);
        Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        LongAdder ok = new LongAdder();
        AtomicInteger inFlight = new AtomicInteger();
        Object drained = new Object();
        long[] lastCompletion = {0};

        Schedule schedule = new Schedule(ticker.nanoTime(), rate);
        long total = schedule.count(duration);
        for (long i = 0; i < total; i++) {
            long intended = schedule.intended(i);
            ticker.sleepUntil(intended);
            if (inFlight.get() >= maxInFlight) {
                errors.computeIfAbsent(CLIENT_BACKLOG, k -> new LongAdder()).increment();
                continue;
            }
            inFlight.incrementAndGet();
            call.send(status -> {
                long now = ticker.nanoTime();
                if (status.isOk()) {
                    recorder.recordValue(Math.max(0, now - intended));
                    ok.increment();
                } else {
                    errors.computeIfAbsent(status.getCode().name(), k -> new LongAdder()).increment();
                }
                synchronized (drained) {
                    lastCompletion[0] = Math.max(lastCompletion[0], now);
                    if (inFlight.decrementAndGet() == 0) {
                        drained.notifyAll();
                    }
                }
            });
        }
        long drainUntil = System.nanoTime() + drainTimeout.toNanos();
        synchronized (drained) {
            long left;
            while (inFlight.get() > 0 && (left = drainUntil - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(drained, left);
            }
        }
        Map<String, Long> errorCounts = new TreeMap<>();
        errors.forEach((code, n) -> errorCounts.put(code, n.sum()));
        int stuck = inFlight.get();
        if (stuck > 0) {
            errorCounts.merge("CLIENT_TIMEOUT", (long) stuck, Long::sum);
        }
        long end;
        synchronized (drained) {
            end = Math.max(lastCompletion[0], schedule.intended(total));
        }
        return new Result(rate, duration, total, ok.sum(), errorCounts, recorder.getIntervalHistogram(),
                end - schedule.startNanos());
    }
}
