package dev.upskill.client.catalog;

import java.io.Closeable;
import java.io.IOException;
import java.util.Iterator;

/**
 * Reads the records of a catalog file one at a time, so that a file of any size is streamed rather than
 * loaded. A record that cannot be read comes out as {@link Parsed.Invalid} and reading goes on with the next
 * one; a file that cannot be read any further throws {@link MalformedFileException} from {@code hasNext} or
 * {@code next}.
 *
 * @param <T> the record type
 */
public interface RecordReader<T> extends Iterator<Parsed<T>>, Closeable {

    /** Closes the underlying reader; no I/O error escapes unchecked. */
    @Override
    void close() throws IOException;
}
