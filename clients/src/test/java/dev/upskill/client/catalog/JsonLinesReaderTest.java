package dev.upskill.client.catalog;

import dev.upskill.proto.v1.Competency;
import dev.upskill.proto.v1.Course;
import dev.upskill.proto.v1.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class JsonLinesReaderTest {

    private static List<Parsed<Course>> read(String text) throws IOException {
        List<Parsed<Course>> out = new ArrayList<>();
        try (var reader = JsonLinesReader.courses(new BufferedReader(new StringReader(text)))) {
            reader.forEachRemaining(out::add);
        }
        return out;
    }

    private static <T> T valid(Parsed<T> parsed) {
        if (parsed instanceof Parsed.Valid<T> valid) {
            return valid.value();
        }
        return fail("expected a record, got " + parsed);
    }

    @Test
    void readsProto3JsonInEitherFieldNameStyleAndSkipsBlankLines() throws IOException {
        List<Parsed<Course>> records = read("""
                {"id":"a","title":"SQL","level":"LEVEL_BEGINNER","durationMinutes":60,"ratingCount":"12"}

                {"id":"b","title":"Git","duration_minutes":30,"competency_ids":["x","y"]}
                """);
        assertEquals(2, records.size());
        Course first = valid(records.get(0));
        assertEquals(Level.LEVEL_BEGINNER, first.getLevel());
        assertEquals(12, first.getRatingCount());
        assertEquals(3, records.get(1).line());
        Course second = valid(records.get(1));
        assertEquals(List.of("x", "y"), second.getCompetencyIdsList());
    }

    @Test
    void badLinesAreReportedWithTheirNumbersAndReadingGoesOn() throws IOException {
        List<Parsed<Course>> records = read("""
                {"id":"a","title":"Fine"}
                {"id":"b","title":"Broken"
                {"id":"c","titel":"Typo"}
                {"id":"d","title":"Bad level","level":"LEVEL_GURU"}
                {"id":"e","title":"Bad number","durationMinutes":"an hour"}
                {"id":"f","title":"Also fine"}
                """);
        assertEquals(6, records.size());
        assertInstanceOf(Parsed.Valid.class, records.get(0));
        for (int i = 1; i <= 4; i++) {
            Parsed.Invalid<?> bad = assertInstanceOf(Parsed.Invalid.class, records.get(i));
            assertEquals(i + 1, bad.line());
            assertTrue(!bad.message().isBlank() && !bad.message().contains("Exception:"), bad.message());
        }
        assertTrue(((Parsed.Invalid<?>) records.get(2)).message().contains("titel"));
        assertTrue(((Parsed.Invalid<?>) records.get(3)).message().contains("LEVEL_GURU"));
        assertEquals(6, records.get(5).line());
    }

    @Test
    void aLineThatIsNotUtf8IsInvalidAndReadingGoesOn(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("latin1.jsonl");
        Files.write(file, ("{\"id\":\"a\",\"title\":\"Fine\"}\n{\"id\":\"b\",\"title\":\"Caf\u00e9\"}\n"
                + "{\"id\":\"c\",\"title\":\"Fine\"}\n").getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(3, JsonLinesReader.countRecords(file));
        try (var reader = JsonLinesReader.courses(file)) {
            assertEquals("a", valid(reader.next()).getId());
            Parsed<Course> bad = reader.next();
            assertEquals("line 2: " + JsonLinesReader.NOT_UTF8, bad.toString());
            assertEquals("c", valid(reader.next()).getId());
        }
    }

    @Test
    void readsCompetenciesAndCountsNonBlankLines(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("framework.jsonl");
        Files.writeString(file,
                "\uFEFF{\"id\":\"k1\",\"name\":\"SQL\"}\n\n{\"id\":\"k2\",\"name\":\"Git\",\"parentId\":\"k1\"}\n");
        assertEquals(2, JsonLinesReader.countRecords(file));
        try (var reader = JsonLinesReader.competencies(Files.newBufferedReader(file))) {
            Competency first = valid(reader.next());
            assertEquals("k1", first.getId());
            Competency second = valid(reader.next());
            assertEquals("k1", second.getParentId());
        }
    }
}
