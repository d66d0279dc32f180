package dev.upskill.client.catalog;

/**
 * A catalog file that cannot be read past some line (an unreadable header, an unterminated quote in a CSV
 * file, an I/O error), as opposed to a single bad record, which a reader reports as {@link Parsed.Invalid}
 * and skips.
 */
public final class MalformedFileException extends RuntimeException {

    private final long line;

    /**
     * @param line the 1-based line where reading failed
     * @param message what is wrong
     * @param cause the underlying exception, or null
     */
    public MalformedFileException(long line, String message, Throwable cause) {
        super("line " + line + ": " + message, cause);
        this.line = line;
    }

    /** The 1-based line where reading failed. */
    public long line() {
        return line;
    }
}
