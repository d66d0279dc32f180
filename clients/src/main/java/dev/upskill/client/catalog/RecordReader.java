package dev.upskill.client.catalog;

import com.google.common.collect.AbstractIterator;

import java.io.Closeable;
import java.io.IOException;

/**
 * Reads the records of a catalog file one at a time, so that a file of any size is streamed rather than
 * loaded. A record that cannot be read comes out as {@link Parsed.Invalid} and reading goes on with the next
 * one; a file that cannot be read any further throws {@link MalformedFileException} from {@code hasNext} or
 * {@code next}.
 *
 * @param <T> the record type
 */
public abstract class RecordReader<T> extends AbstractIterator<Parsed<T>> implements Closeable {

    /** The next record, or null at the end of the file. */
    protected abstract Parsed<T> readNext();

    @Override
    protected final Parsed<T> computeNext() {
        Parsed<T> next = readNext();
        return next == null ? endOfData() : next;
    }

    /** Closes the underlying reader; no I/O error escapes unchecked. */
    @Override
    public abstract void close() throws IOException;
}
