package dev.upskill.client.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The {@code upskill} command line run in a test: its output and errors go to buffers (no terminal, so no progress
 * bar redraws) that accumulate over the runs until reset.
 */
final class CapturedConsole {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), System::nanoTime, false);

    /** Runs {@code upskill args...} connecting through {@code channels}; returns the exit code. */
    int run(ChannelFactory channels, String... args) {
        return UpskillCommand.commandLine(channels, console).execute(args);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    void resetOut() {
        out.reset();
    }

    void resetErr() {
        err.reset();
    }
}
