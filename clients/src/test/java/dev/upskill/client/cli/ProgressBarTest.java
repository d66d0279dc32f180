package dev.upskill.client.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressBarTest {

    @Test
    void rendersPercentageCountRateAndEta() {
        assertEquals("[#########-----------]  45%  1,350/3,000 courses  270/s  ETA 0:06",
                ProgressBar.render(1_350, 3_000, "courses", Duration.ofSeconds(5), false));
    }

    @Test
    void aLongUploadShowsHoursAndASlowOneADecimalRate() {
        assertEquals("[--------------------]   0%  1,000/1,000,000 courses  100/s  ETA 2:46:30",
                ProgressBar.render(1_000, 1_000_000, "courses", Duration.ofSeconds(10), false));
        assertEquals("[####----------------]  20%  5/25 competencies  2.5/s  ETA 0:08",
                ProgressBar.render(5, 25, "competencies", Duration.ofSeconds(2), false));
    }

    @Test
    void beforeAnyRateIsKnownTheEtaIsUnknown() {
        assertEquals("[--------------------]   0%  0/300 courses  --/s  ETA --:--",
                ProgressBar.render(0, 300, "courses", Duration.ZERO, false));
    }

    @Test
    void whenFinishedTheTotalTimeReplacesTheEta() {
        assertEquals("[####################] 100%  300/300 courses  60/s  in 0:05",
                ProgressBar.render(300, 300, "courses", Duration.ofSeconds(5), true));
    }

    @Test
    void onATerminalItRedrawsOneLineAtMostTenTimesASecond() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(100, "courses", new PrintStream(bytes, true, StandardCharsets.UTF_8),
                now::get, ProgressBar.Mode.REDRAW);

        bar.update(10);
        now.addAndGet(Duration.ofMillis(50).toNanos());
        bar.update(20); // too soon: not drawn
        now.addAndGet(Duration.ofMillis(60).toNanos());
        bar.update(30);
        now.addAndGet(Duration.ofMillis(890).toNanos());
        bar.finish(100);

        String out = bytes.toString(StandardCharsets.UTF_8);
        String[] frames = out.split("\r", -1);
        assertEquals(4, frames.length, out); // "" before the first \r, then three frames
        assertTrue(frames[1].contains(" 10/100 courses"), frames[1]);
        assertTrue(frames[2].contains(" 30/100 courses"), frames[2]);
        assertTrue(frames[3].startsWith("[####################] 100%  100/100 courses  100/s  in 0:01"), frames[3]);
        assertTrue(out.endsWith("\n") && out.indexOf('\n') == out.length() - 1, "one final newline only");
    }

    @Test
    void inALogItPrintsALineEveryTenSeconds() {
        AtomicLong now = new AtomicLong();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(1_000, "courses", new PrintStream(bytes, true, StandardCharsets.UTF_8),
                now::get, ProgressBar.Mode.LINES);
        for (int second = 0; second <= 25; second++) {
            now.set(Duration.ofSeconds(second).toNanos());
            bar.update(second * 10L);
        }
        bar.finish(1_000);
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(4, lines.length); // at 0, 10 and 20 s, and the final one
        assertTrue(lines[1].contains(" 100/1,000 courses  10/s  ETA 1:30"), lines[1]);
        assertTrue(lines[3].contains("in 0:25"), lines[3]);
    }

    @Test
    void anAbandonedRedrawnLineIsEndedSoTheNextMessageStartsALine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(10, "courses", new PrintStream(bytes, true, StandardCharsets.UTF_8),
                () -> 0, ProgressBar.Mode.REDRAW);
        bar.update(5);
        bar.abandon();
        assertTrue(bytes.toString(StandardCharsets.UTF_8).endsWith(" 5/10 courses  --/s  ETA --:--\n"));
    }

    @Test
    void offPrintsNothing() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(10, "courses", new PrintStream(bytes), () -> 0, ProgressBar.Mode.OFF);
        bar.update(5);
        bar.finish(10);
        assertEquals(0, bytes.size());
    }
}
