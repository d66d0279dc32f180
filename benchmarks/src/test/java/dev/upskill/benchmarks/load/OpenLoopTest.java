package dev.upskill.benchmarks.load;

import io.grpc.Status;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The schedule and the recording, on a fake clock: no timing assertions against the real one. */
class OpenLoopTest {

    private static final long MS = 1_000_000;

    /** A clock that only moves when the loop sleeps or a fake server "works". */
    private static final class FakeTicker implements OpenLoop.Ticker {
        long now = 1_000 * MS;
        final List<Long> sleptUntil = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepUntil(long deadline) {
            sleptUntil.add(deadline);
            now = Math.max(now, deadline);
        }
    }

    @Test
    void requestsAreDueAtFixedIntervalsFromTheStart() {
        OpenLoop.Schedule schedule = new OpenLoop.Schedule(500, 200);
        assertEquals(500, schedule.intended(0));
        assertEquals(500 + 5 * MS, schedule.intended(1));
        assertEquals(500 + 1_000 * MS, schedule.intended(200));
        assertEquals(600, schedule.count(Duration.ofSeconds(3)));
    }

    @Test
    void aServerThatAnswersInTimeIsRecordedAtItsServiceTime() throws InterruptedException {
        FakeTicker ticker = new FakeTicker();
        // Answers 3 ms after the send, synchronously (the next send is 10 ms later at 100/s: no lag).
        OpenLoop.Call call = done -> {
            ticker.now += 3 * MS;
            done.accept(Status.OK);
        };
        OpenLoop.Result r = new OpenLoop(ticker, 100, Duration.ZERO).run(call, 100, Duration.ofSeconds(1));
        assertEquals(100, r.sent());
        assertEquals(100, r.ok());
        assertEquals(3.0, r.millis(50), 0.01);
        assertEquals(3.0, r.millis(99.9), 0.01);
        long start = ticker.sleptUntil.getFirst();
        for (int i = 0; i < ticker.sleptUntil.size(); i++) {
            assertEquals(start + i * 10 * MS, ticker.sleptUntil.get(i), "request " + i + " is due at start + i/rate");
        }
    }

    /**
     * The coordinated-omission case: the server stalls once for 100 ms while the loop is blocked in the send
     * (as a closed-loop client would be). The requests due meanwhile go out late, and their latency counts from
     * when they were due, not from when they went out.
     */
    @Test
    void latencyIsMeasuredFromTheIntendedSendTime() throws InterruptedException {
        FakeTicker ticker = new FakeTicker();
        int[] n = {0};
        OpenLoop.Call call = done -> {
            ticker.now += (n[0]++ == 10 ? 100 : 1) * MS; // the 11th call takes 100 ms, the others 1 ms
            done.accept(Status.OK);
        };
        // 100 requests at 1,000/s: one every 1 ms.
        OpenLoop.Result r = new OpenLoop(ticker, 1000, Duration.ZERO).run(call, 1000, Duration.ofMillis(100));
        assertEquals(100, r.ok());
        // Request 10 was due at 10 ms and answered at 110 ms. Request 11 was due at 11 ms, sent at 110 ms and
        // answered at 111 ms: 100 ms, not the 1 ms of its own service time. With 1 ms of service per 1 ms of
        // schedule the backlog never drains, so requests 10..99 all count about 100 ms.
        assertEquals(100.0, r.latencies().getMaxValue() / 1e6, 0.1);
        assertEquals(90, r.latencies().getCountBetweenValues(99 * MS, 200 * MS));
        assertEquals(10, r.latencies().getCountBetweenValues(0, 2 * MS));
        // A recorder that timed from the actual send would have seen one slow call and a p50 of 1 ms.
        assertEquals(100.0, r.millis(50), 0.5);
    }

    @Test
    void failuresAreCountedByStatusAndNotRecordedAsLatency() throws InterruptedException {
        FakeTicker ticker = new FakeTicker();
        int[] n = {0};
        OpenLoop.Call call = done -> done.accept(n[0]++ % 4 == 0 ? Status.RESOURCE_EXHAUSTED : Status.OK);
        OpenLoop.Result r = new OpenLoop(ticker, 100, Duration.ZERO).run(call, 40, Duration.ofSeconds(1));
        assertEquals(40, r.sent());
        assertEquals(30, r.ok());
        assertEquals(10L, r.errors().get("RESOURCE_EXHAUSTED"));
        assertEquals(30, r.latencies().getTotalCount());
        assertNotNull(LoadGenerator.SweepVerdict.failure(r, 1000), "errors end a sweep");
    }

    @Test
    void requestsBeyondTheInFlightCapAreCountedAsClientBacklog() throws InterruptedException {
        FakeTicker ticker = new FakeTicker();
        List<Consumer<Status>> pending = new ArrayList<>();
        OpenLoop.Call neverAnswers = pending::add;
        OpenLoop.Result r = new OpenLoop(ticker, 5, Duration.ofMillis(1)).run(neverAnswers, 100,
                Duration.ofMillis(100));
        assertEquals(10, r.sent());
        assertEquals(5L, r.errors().get(OpenLoop.CLIENT_BACKLOG));
        assertEquals(5L, r.errors().get("CLIENT_TIMEOUT"));
        assertEquals(5, pending.size());
    }

    @Test
    void aSweepStepPassesOnlyWhenFastErrorFreeAndKeepingUp() throws InterruptedException {
        FakeTicker ticker = new FakeTicker();
        OpenLoop.Call fast = done -> {
            ticker.now += 2 * MS;
            done.accept(Status.OK);
        };
        OpenLoop.Result ok = new OpenLoop(ticker, 100, Duration.ZERO).run(fast, 100, Duration.ofSeconds(1));
        assertNull(LoadGenerator.SweepVerdict.failure(ok, 10));
        assertNotNull(LoadGenerator.SweepVerdict.failure(ok, 1), "p99 2 ms > 1 ms bound");
        // 20 ms per call at 100/s: the sender falls behind and latencies grow without bound.
        OpenLoop.Call slow = done -> {
            ticker.now += 20 * MS;
            done.accept(Status.OK);
        };
        OpenLoop.Result behind = new OpenLoop(ticker, 100, Duration.ZERO).run(slow, 100, Duration.ofSeconds(1));
        assertEquals(1000.0, behind.millis(100), 25.0, "the last request was due at ~990 ms, answered at ~2,000 ms");
        assertNotNull(LoadGenerator.SweepVerdict.failure(behind, 10_000), "served ~50/s of 100/s offered");
    }
}
