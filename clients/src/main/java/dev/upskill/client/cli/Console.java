package dev.upskill.client.cli;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.function.LongSupplier;

/**
 * Where the commands write and how they tell time. {@link #system()} in {@code main}; tests pass buffers and
 * a clock they move by hand.
 *
 * @param out results (tables, summaries, JSON)
 * @param err progress and errors, so that results can be piped
 * @param nanoTime a monotonic clock in nanoseconds, like {@link System#nanoTime()}
 * @param terminal whether a person is watching: the progress bar redraws one line instead of printing lines
 */
public record Console(PrintStream out, PrintStream err, LongSupplier nanoTime, boolean terminal) {

    /** The process's standard streams and clock. */
    public static Console system() {
        return new Console(System.out, System.err, System::nanoTime, isTerminal());
    }

    private static boolean isTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        // Since Java 22 System.console() is non-null even when redirected; isTerminal() (22+) tells the two
        // apart. Compiled for 21, so looked up reflectively; on 21 a non-null console is a terminal.
        try {
            Method isTerminal = java.io.Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
