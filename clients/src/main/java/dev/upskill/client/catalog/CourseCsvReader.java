package dev.upskill.client.catalog;

import dev.upskill.proto.v1.Course;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads courses from a CSV file (RFC 4180: comma-separated, fields with commas, quotes or line breaks in
 * double quotes, UTF-8). The first line is a header naming the columns, in any order:
 *
 * <pre>id,title,description,provider,url,language,level,duration_minutes,format,competency_ids,rating,rating_count</pre>
 *
 * {@code id} and {@code title} are required columns, the others optional. {@code level} is one of
 * beginner, intermediate, advanced, expert or empty; {@code format} is one of course, video, article, workshop,
 * book, podcast, webinar, mentoring, other or empty; {@code competency_ids} is {@code ;}-separated;
 * {@code duration_minutes} and {@code rating_count} are whole numbers, {@code rating} a decimal (empty = no
 * rating). Values are trimmed; blank lines are skipped.
 *
 * <p>A record with a bad value or the wrong number of fields is reported as {@link Parsed.Invalid} with
 * the line it starts on, and reading goes on. Ranges (a rating above 5, a title too long) are the server's to
 * check: it reports them per course. An unknown or missing required column, or an unterminated quote, ends
 * reading with {@link MalformedFileException}.
 */
public final class CourseCsvReader extends RecordReader<Course> {

    /** The columns, in the order of the documented header. */
    public static final List<String> COLUMNS = List.of("id", "title", "description", "provider", "url", "language",
            "level", "duration_minutes", "format", "competency_ids", "rating", "rating_count");
    private static final Set<String> REQUIRED = Set.of("id", "title");

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setTrim(true)
            // Empty lines come through as records (and are skipped here), so that the line a record starts
            // on is always the line after the previous record ended.
            .setIgnoreEmptyLines(false)
            .get();

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> header;

    /**
     * Reads and checks the header line.
     *
     * @param in the file's text; closed by {@link #close()}
     * @throws MalformedFileException when the header is missing, repeats a column, or names an unknown one or
     *     lacks a required one
     */
    public CourseCsvReader(Reader in) {
        this.parser = openParser(in);
        this.header = parser.getHeaderNames();
        checkHeader(header);
        this.records = parser.iterator();
    }

    /**
     * Opens a CSV file of courses (UTF-8, with or without a byte order mark). A record with bytes that are not
     * UTF-8 is reported as invalid, by line, as in {@link JsonLinesReader#open}.
     */
    public static CourseCsvReader open(Path file) throws IOException {
        return new CourseCsvReader(withoutByteOrderMark(JsonLinesReader.open(file)));
    }

    /**
     * Counts the course records of a CSV file without building courses. CSV needs a real parse even to count
     * (a quoted description may span lines), so this also finds an unterminated quote before anything is sent.
     *
     * @throws MalformedFileException as {@link #CourseCsvReader(Reader)} and for an unterminated quote
     */
    public static long countRecords(Path file) throws IOException {
        long count = 0;
        try (CourseCsvReader reader = open(file)) {
            for (CSVRecord record = reader.nextRecord(); record != null; record = reader.nextRecord()) {
                if (!isBlank(record)) {
                    count++;
                }
            }
        }
        return count;
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    @Override
    protected Parsed<Course> readNext() {
        while (true) {
            long start = parser.getCurrentLineNumber() + 1;
            CSVRecord record = nextRecord();
            if (record == null) {
                return null;
            }
            if (isBlank(record)) {
                continue;
            }
            if (record.stream().anyMatch(value -> value.indexOf(JsonLinesReader.REPLACEMENT) >= 0)) {
                return new Parsed.Invalid<>(start, JsonLinesReader.NOT_UTF8);
            }
            if (!record.isConsistent()) {
                return new Parsed.Invalid<>(start, "expected " + header.size() + " fields as in the header, found "
                        + record.size() + " (a value with a comma needs double quotes around it)");
            }
            return toCourse(start, record);
        }
    }

    /** The next record, or null at the end of the file. */
    private CSVRecord nextRecord() {
        long start = parser.getCurrentLineNumber() + 1;
        try {
            return records.hasNext() ? records.next() : null;
        } catch (UncheckedIOException | IllegalStateException e) {
            throw malformed(start, e);
        }
    }

    private Parsed<Course> toCourse(long line, CSVRecord record) {
        Course.Builder course = Course.newBuilder();
        List<String> problems = new ArrayList<>();
        for (String column : header) {
            String value = record.get(column);
            try {
                set(course, column, value);
            } catch (IllegalArgumentException e) {
                problems.add(column + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            return new Parsed.Invalid<>(line, String.join("; ", problems));
        }
        return new Parsed.Valid<>(line, course.build());
    }

    private static void set(Course.Builder course, String column, String value) {
        switch (column) {
            case "id" -> course.setId(required(value));
            case "title" -> course.setTitle(required(value));
            case "description" -> course.setDescription(value);
            case "provider" -> course.setProvider(value);
            case "url" -> course.setUrl(value);
            case "language" -> course.setLanguage(value);
            case "level" -> course.setLevel(CourseVocabulary.level(value));
            case "duration_minutes" -> course.setDurationMinutes(value.isEmpty() ? 0 : (int) wholeNumber(value, true));
            case "format" -> course.setFormat(CourseVocabulary.format(value));
            case "competency_ids" -> Arrays.stream(value.split(";"))
                    .map(String::strip)
                    .filter(id -> !id.isEmpty())
                    .forEach(course::addCompetencyIds);
            case "rating" -> {
                if (!value.isEmpty()) {
                    course.setRating(decimal(value));
                }
            }
            case "rating_count" -> course.setRatingCount(value.isEmpty() ? 0 : wholeNumber(value, false));
            default -> throw new IllegalStateException("unchecked column " + column);
        }
    }

    private static String required(String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("is empty");
        }
        return value;
    }

    /** A whole number; in the int range when {@code intRange} (so that the cast to int is exact). */
    private static long wholeNumber(String value, boolean intRange) {
        try {
            return intRange ? Integer.parseInt(value) : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a whole number");
        }
    }

    private static float decimal(String value) {
        try {
            float parsed = Float.parseFloat(value);
            if (!Float.isFinite(parsed) || value.chars().anyMatch(Character::isLetter)) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a decimal number (use a dot: 4.5)");
        }
    }

    private static boolean isBlank(CSVRecord record) {
        return record.stream().allMatch(String::isEmpty);
    }

    private static void checkHeader(List<String> header) {
        if (header.isEmpty()) {
            throw new MalformedFileException(1, "no header line; expected " + String.join(",", COLUMNS), null);
        }
        for (String column : header) {
            if (!COLUMNS.contains(column)) {
                throw new MalformedFileException(1, "unknown column '" + column + "'; the columns are "
                        + String.join(",", COLUMNS), null);
            }
        }
        for (String column : REQUIRED) {
            if (!header.contains(column)) {
                throw new MalformedFileException(1, "the header has no '" + column + "' column", null);
            }
        }
    }

    private static CSVParser openParser(Reader in) {
        try {
            return CSVParser.parse(in, FORMAT);
        } catch (IOException | UncheckedIOException e) {
            throw malformed(1, e);
        } catch (IllegalArgumentException e) {
            // Commons CSV rejects a header that names a column twice, or has an empty name, this way.
            throw new MalformedFileException(1, "bad header: " + e.getMessage(), e);
        }
    }

    private static Reader withoutByteOrderMark(BufferedReader in) throws IOException {
        in.mark(1);
        if (in.read() != '\uFEFF') {
            in.reset();
        }
        return in;
    }

    private static MalformedFileException malformed(long line, Exception e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        // Commons CSV's own message names the line it started the broken field on: keep the text, not the prefix.
        return new MalformedFileException(line, message.replaceFirst("^\\(startline \\d+\\) ", ""), e);
    }
}
