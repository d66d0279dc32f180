package dev.upskill.client.cli;

import dev.upskill.client.catalog.Parsed;
import dev.upskill.client.catalog.RecordReader;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The values of a reader's valid records, in order, for sending. It sets the invalid ones aside (the count,
 * and the first few for the report) and remembers the file line of every value it hands out, so that the
 * server's errors, which name a course by its position in the stream, can name the line instead.
 *
 * @param <T> the record type
 */
final class ValidRecords<T> implements Iterator<T> {

    private final RecordReader<T> reader;
    private final int keepInvalid;
    private final List<Parsed.Invalid<T>> invalid = new ArrayList<>();
    private long invalidCount;
    // lines[i] is the line of the i-th value handed out (8 bytes per record: 8 MB for a million courses).
    private long[] lines = new long[1024];
    private int handedOut;
    private T next;

    /**
     * @param reader the records
     * @param keepInvalid how many invalid records to keep for the report (all are counted)
     */
    ValidRecords(RecordReader<T> reader, int keepInvalid) {
        this.reader = reader;
        this.keepInvalid = keepInvalid;
    }

    @Override
    public boolean hasNext() {
        while (next == null && reader.hasNext()) {
            switch (reader.next()) {
                case Parsed.Valid<T> valid -> {
                    if (handedOut == lines.length) {
                        lines = Arrays.copyOf(lines, lines.length * 2);
                    }
                    lines[handedOut] = valid.line();
                    next = valid.value();
                }
                case Parsed.Invalid<T> bad -> {
                    invalidCount++;
                    if (invalid.size() < keepInvalid) {
                        invalid.add(bad);
                    }
                }
            }
        }
        return next != null;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        T out = next;
        next = null;
        handedOut++;
        return out;
    }

    /** The file line of the value handed out at {@code position} (0-based), or 0 if there was none. */
    long lineOf(int position) {
        return position >= 0 && position < handedOut ? lines[position] : 0;
    }

    /** The invalid records seen so far. */
    long invalidCount() {
        return invalidCount;
    }

    /** The first invalid records, up to the number to keep. */
    List<Parsed.Invalid<T>> firstInvalid() {
        return invalid;
    }
}
