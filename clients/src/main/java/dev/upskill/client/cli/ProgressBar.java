package dev.upskill.client.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A progress line for a long upload: bar, percentage, count/total, rate per second and ETA, e.g.
 *
 * <pre>[#########-----------]  45%  1,350/3,000 courses  270/s  ETA 0:06</pre>
 *
 * On a terminal it redraws one line (carriage return) at most {@value #REDRAW_MILLIS} ms apart; otherwise (a
 * log file, CI) it prints a new line at most every {@value #LOG_SECONDS} s. Time comes from an injected clock.
 */
final class ProgressBar {

    /** How the bar is shown. */
    enum Mode {
        /** Redraw one line in place. */
        REDRAW,
        /** Print a line now and then. */
        LINES,
        /** Print nothing. */
        OFF
    }

    static final long REDRAW_MILLIS = 100;
    static final long LOG_SECONDS = 10;
    private static final int WIDTH = 20;

    private final long total;
    private final String unit;
    private final PrintStream out;
    private final LongSupplier nanoTime;
    private final Mode mode;
    private final long startNanos;
    private long lastPrintNanos;
    private boolean printed;
    private int lastLength;

    /**
     * Starts the clock.
     *
     * @param total the number of records, from a first pass over the file
     * @param unit what is counted, e.g. "courses"
     * @param out where to draw (stderr)
     * @param nanoTime a monotonic clock in nanoseconds
     * @param mode redraw, lines or off
     */
    ProgressBar(long total, String unit, PrintStream out, LongSupplier nanoTime, Mode mode) {
        this.total = total;
        this.unit = unit;
        this.out = out;
        this.nanoTime = nanoTime;
        this.mode = mode;
        this.startNanos = nanoTime.getAsLong();
    }

    /**
     * A bar on the console's stderr: redrawn on a terminal, lines otherwise, nothing when {@code off}.
     */
    static ProgressBar on(Console console, long total, String unit, boolean off) {
        Mode mode = off ? Mode.OFF : console.terminal() ? Mode.REDRAW : Mode.LINES;
        return new ProgressBar(total, unit, console.err(), console.nanoTime(), mode);
    }

    /** Shows {@code done} records if enough time passed since the last time (always the first time). */
    void update(long done) {
        long now = nanoTime.getAsLong();
        long interval = mode == Mode.REDRAW ? TimeUnit.MILLISECONDS.toNanos(REDRAW_MILLIS)
                : TimeUnit.SECONDS.toNanos(LOG_SECONDS);
        if (printed && now - lastPrintNanos < interval) {
            return;
        }
        print(render(done, total, unit, Duration.ofNanos(now - startNanos), false));
        lastPrintNanos = now;
    }

    /** Shows the final count with the total time, and ends the line. */
    void finish(long done) {
        print(render(done, total, unit, elapsed(), true));
        if (mode == Mode.REDRAW) {
            out.println();
        }
        out.flush();
    }

    /** Ends a redrawn line without a final frame (the upload failed), so that an error message starts a line. */
    void abandon() {
        if (mode == Mode.REDRAW && printed) {
            out.println();
            out.flush();
        }
    }

    /** Time since the bar was created. */
    Duration elapsed() {
        return Duration.ofNanos(nanoTime.getAsLong() - startNanos);
    }

    private void print(String line) {
        printed = true;
        switch (mode) {
            case REDRAW -> {
                // Pad over the remains of a longer previous line (the ETA text shrinks and grows).
                out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
                lastLength = line.length();
                out.flush();
            }
            case LINES -> out.println(line);
            case OFF -> {
            }
        }
    }

    /**
     * The progress text of {@code done} of {@code total} records after {@code elapsed}; with {@code finished}
     * the total time replaces the ETA.
     */
    static String render(long done, long total, String unit, Duration elapsed, boolean finished) {
        double fraction = total <= 0 ? 1 : Math.min(1, (double) done / total);
        int filled = (int) Math.floor(fraction * WIDTH);
        String bar = "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "]";
        double seconds = elapsed.toNanos() / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        String tail;
        if (finished) {
            tail = "in " + clock(Math.round(seconds));
        } else if (rate > 0 && done < total) {
            tail = "ETA " + clock(Math.round((total - done) / rate));
        } else {
            tail = "ETA --:--";
        }
        return String.format(Locale.ROOT, "%s %3d%%  %,d/%,d %s  %s  %s", bar, (int) Math.floor(fraction * 100),
                done, total, unit, rate(rate), tail);
    }

    private static String rate(double perSecond) {
        if (perSecond <= 0) {
            return "--/s";
        }
        return perSecond < 10
                ? String.format(Locale.ROOT, "%.1f/s", perSecond)
                : String.format(Locale.ROOT, "%,d/s", Math.round(perSecond));
    }

    /** m:ss, or h:mm:ss from an hour on. */
    private static String clock(long seconds) {
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0
                ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s)
                : String.format(Locale.ROOT, "%d:%02d", m, s);
    }
}
