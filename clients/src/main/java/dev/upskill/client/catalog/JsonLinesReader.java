package dev.upskill.client.catalog;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.upskill.proto.v1.Competency;
import dev.upskill.proto.v1.Course;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Reads a JSON lines file of proto messages: one proto3 JSON object per line, as
 * {@link JsonFormat#printer()} writes it (field names in lowerCamelCase or as in the proto, enums by name).
 * Blank lines are skipped. A line that is not valid JSON, names a field the message does not have, or holds
 * a value of the wrong type, or holds bytes that are not UTF-8 (see {@link #open}), is reported as
 * {@link Parsed.Invalid} with its line number.
 *
 * @param <T> the message type
 */
public final class JsonLinesReader<T extends Message> extends RecordReader<T> {

    /** What a line that held bytes that are not UTF-8 (now U+FFFD) is reported as. */
    static final String NOT_UTF8 = "not UTF-8 text (a byte that is not UTF-8, or U+FFFD); save the file as UTF-8";
    static final char REPLACEMENT = '\uFFFD';

    private final BufferedReader in;
    private final Supplier<Message.Builder> builders;
    private final Class<T> type;
    // Strict on purpose: an unknown field is far more often a typo ("titel") than a newer schema.
    private final JsonFormat.Parser parser = JsonFormat.parser();
    private long lineNumber;

    /**
     * @param in the file's text; closed by {@link #close()}
     * @param builders a new empty builder of the message type per call
     * @param type the message class
     */
    public JsonLinesReader(BufferedReader in, Supplier<Message.Builder> builders, Class<T> type) {
        this.in = in;
        this.builders = builders;
        this.type = type;
    }

    /** A reader of {@link Course} lines. */
    public static JsonLinesReader<Course> courses(BufferedReader in) {
        return new JsonLinesReader<>(in, Course::newBuilder, Course.class);
    }

    /** A reader of {@link Competency} lines. */
    public static JsonLinesReader<Competency> competencies(BufferedReader in) {
        return new JsonLinesReader<>(in, Competency::newBuilder, Competency.class);
    }

    /** A reader of the {@link Course} lines of a file (see {@link #open}). */
    public static JsonLinesReader<Course> courses(Path file) throws IOException {
        return courses(open(file));
    }

    /** A reader of the {@link Competency} lines of a file (see {@link #open}). */
    public static JsonLinesReader<Competency> competencies(Path file) throws IOException {
        return competencies(open(file));
    }

    /**
     * Opens a UTF-8 text file so that bytes that are not UTF-8 become U+FFFD instead of an exception: the
     * readers then report the lines holding them as invalid, by number, and go on. (A decoding exception
     * would end the file, and buffered decoding could not say on which line.)
     */
    public static BufferedReader open(Path file) throws IOException {
        return new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8));
    }

    /** Counts the records of a JSON lines file (its non-blank lines) without parsing them. */
    public static long countRecords(Path file) throws IOException {
        long records = 0;
        try (BufferedReader in = open(file)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    records++;
                }
            }
        }
        return records;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    @Override
    protected Parsed<T> readNext() {
        String line;
        do {
            try {
                line = in.readLine();
            } catch (IOException | UncheckedIOException e) {
                throw new MalformedFileException(lineNumber + 1, "cannot read: " + e.getMessage(), e);
            }
            if (line == null) {
                return null;
            }
            lineNumber++;
        } while (line.isBlank());
        if (lineNumber == 1 && line.charAt(0) == '\uFEFF') {
            line = line.substring(1); // a byte order mark, as some Windows editors write
        }
        if (line.indexOf(REPLACEMENT) >= 0) {
            return new Parsed.Invalid<>(lineNumber, NOT_UTF8);
        }
        Message.Builder builder = builders.get();
        try {
            parser.merge(line, builder);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            // JsonFormat reports bad JSON syntax with gson's exception text; strip its class-name prefixes.
            return new Parsed.Invalid<>(lineNumber, cleanMessage(e));
        }
        return new Parsed.Valid<>(lineNumber, type.cast(builder.build()));
    }

    private static String cleanMessage(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("(?:[a-z]+\\.)+[A-Za-z]*Exception: ", "").strip();
    }
}
