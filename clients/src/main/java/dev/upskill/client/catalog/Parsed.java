package dev.upskill.client.catalog;

/**
 * One record read from a catalog file: its value, or why it could not be read. Either way it carries the
 * 1-based line of the file the record starts on, so that every message about it can point there.
 *
 * @param <T> the record type, e.g. {@code Course}
 */
public sealed interface Parsed<T> permits Parsed.Valid, Parsed.Invalid {

    /** The 1-based line of the file the record starts on. */
    long line();

    /** A record that was read. */
    record Valid<T>(long line, T value) implements Parsed<T> {
    }

    /** A record that could not be read; the reader has moved on to the next one. */
    record Invalid<T>(long line, String message) implements Parsed<T> {
        @Override
        public String toString() {
            return "line " + line + ": " + message;
        }
    }
}
