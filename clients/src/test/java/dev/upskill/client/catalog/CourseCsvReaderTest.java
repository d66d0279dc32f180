package dev.upskill.client.catalog;

import dev.upskill.proto.v1.Course;
import dev.upskill.proto.v1.CourseFormat;
import dev.upskill.proto.v1.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class CourseCsvReaderTest {

    private static final String HEADER = String.join(",", CourseCsvReader.COLUMNS) + "\n";

    private static List<Parsed<Course>> read(String csv) throws IOException {
        List<Parsed<Course>> out = new ArrayList<>();
        try (CourseCsvReader reader = new CourseCsvReader(new StringReader(csv))) {
            reader.forEachRemaining(out::add);
        }
        return out;
    }

    private static Course valid(Parsed<Course> parsed) {
        if (parsed instanceof Parsed.Valid<Course> valid) {
            return valid.value();
        }
        return fail("expected a course, got " + parsed);
    }

    @Test
    void readsEveryColumn() throws IOException {
        List<Parsed<Course>> records = read(HEADER
                + "k8s-1,Kubernetes Basics,\"Pods, services and deployments\",Northwind Academy,"
                + "https://learn.example.com/k8s,en,Intermediate,480,video,esco:a; esco:b ;,4.5,1200\n");
        Course course = valid(records.get(0));
        assertEquals("k8s-1", course.getId());
        assertEquals("Kubernetes Basics", course.getTitle());
        assertEquals("Pods, services and deployments", course.getDescription());
        assertEquals("Northwind Academy", course.getProvider());
        assertEquals("https://learn.example.com/k8s", course.getUrl());
        assertEquals("en", course.getLanguage());
        assertEquals(Level.LEVEL_INTERMEDIATE, course.getLevel());
        assertEquals(480, course.getDurationMinutes());
        assertEquals(CourseFormat.COURSE_FORMAT_VIDEO, course.getFormat());
        assertEquals(List.of("esco:a", "esco:b"), course.getCompetencyIdsList());
        assertEquals(4.5f, course.getRating());
        assertEquals(1200, course.getRatingCount());
        assertEquals(2, records.get(0).line());
    }

    @Test
    void emptyOptionalValuesMeanUnknownAndColumnsMayBeFewAndInAnyOrder() throws IOException {
        Course course = valid(read("title,id,level,rating\nSQL for Analysts,sql-1,,\n").get(0));
        assertEquals("sql-1", course.getId());
        assertEquals(Level.LEVEL_UNSPECIFIED, course.getLevel());
        assertFalse(course.hasRating());
        assertEquals(0, course.getDurationMinutes());
    }

    @Test
    void aBadValueIsReportedWithItsLineAndReadingGoesOn() throws IOException {
        List<Parsed<Course>> records = read(HEADER
                + "a,First,,,,en,beginner,60,course,,4.0,10\n"
                + "b,Second,,,,en,guru,60,course,,4.0,10\n"
                + "c,Third,,,,en,advanced,an hour,course,,4,0\n"
                + "d,Fourth,,,,en,expert,60,lecture,,4.0,10\n"
                + "e,Fifth,,,,en,,,,,4,5 stars\n"
                + "f,Sixth,,,,en,,,,,,\n");

        assertEquals(6, records.size());
        assertEquals("line 3: level: level 'guru' is not one of beginner, intermediate, advanced, expert (or empty)",
                records.get(1).toString());
        assertEquals("line 4: duration_minutes: 'an hour' is not a whole number", records.get(2).toString());
        assertTrue(records.get(3).toString().startsWith("line 5: format: format 'lecture' is not one of course, video"),
                records.get(3).toString());
        assertEquals("line 6: rating_count: '5 stars' is not a whole number", records.get(4).toString());
        assertEquals("f", valid(records.get(5)).getId());
    }

    @Test
    void lineNumbersCountQuotedLineBreaksAndBlankLines() throws IOException {
        List<Parsed<Course>> records = read(HEADER
                + "a,First,\"two\nlines\",,,en,,,,,,\n"
                + "\n"
                + "b,Second,,,,en,nope,,,,,\n");
        assertEquals("two\nlines", valid(records.get(0)).getDescription());
        assertEquals(2, records.get(0).line());
        assertEquals(2, records.size());
        assertEquals("line 5: level: level 'nope' is not one of beginner, intermediate, advanced, expert (or empty)",
                records.get(1).toString());
    }

    @Test
    void aRecordWithTheWrongNumberOfFieldsIsInvalid() throws IOException {
        List<Parsed<Course>> records = read("id,title,description\na,Title,has, a comma\nb,Fine,ok\n");
        assertTrue(records.get(0).toString().startsWith("line 2: expected 3 fields as in the header, found 4"));
        assertEquals("b", valid(records.get(1)).getId());
    }

    @Test
    void aMissingIdOrTitleIsInvalid() throws IOException {
        assertEquals("line 2: id: is empty; title: is empty",
                read("id,title,provider\n, ,Northwind\n").get(0).toString());
    }

    @Test
    void anUnknownOrMissingColumnRejectsTheFile() {
        MalformedFileException unknown = assertThrows(MalformedFileException.class,
                () -> read("id,titel\na,b\n"));
        assertEquals(1, unknown.line());
        assertTrue(unknown.getMessage().contains("unknown column 'titel'"), unknown.getMessage());
        MalformedFileException missing = assertThrows(MalformedFileException.class, () -> read("id,provider\na,b\n"));
        assertTrue(missing.getMessage().contains("no 'title' column"), missing.getMessage());
    }

    @Test
    void anUnterminatedQuoteStopsReadingAtTheLineItStartsOn() throws IOException {
        List<Parsed<Course>> records = new ArrayList<>();
        try (CourseCsvReader reader = new CourseCsvReader(new StringReader(
                "id,title\na,Fine\nb,\"Broken\nc,More\n"))) {
            records.add(reader.next());
            MalformedFileException e = assertThrows(MalformedFileException.class, reader::next);
            assertEquals(3, e.line());
            assertTrue(e.getMessage().contains("EOF reached before encapsulated token finished"), e.getMessage());
        }
        assertEquals("a", valid(records.get(0)).getId());
    }

    @Test
    void countingFindsRecordsAndSkipsBlankLinesAndAByteOrderMark(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("courses.csv");
        Files.writeString(file, "\uFEFFid,title\na,\"multi\nline\"\n\nb,Two\n", StandardCharsets.UTF_8);
        assertEquals(2, CourseCsvReader.countRecords(file));
        try (CourseCsvReader reader = CourseCsvReader.open(file)) {
            assertEquals("a", valid(reader.next()).getId());
        }
    }

    @Test
    void aRecordThatIsNotUtf8IsInvalidAndReadingGoesOn(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("courses.csv");
        Files.write(file, "id,title\na,Caf\u00e9 culture\nb,Fine\n".getBytes(StandardCharsets.ISO_8859_1));
        try (CourseCsvReader reader = CourseCsvReader.open(file)) {
            assertTrue(reader.next().toString().startsWith("line 2: not UTF-8 text"));
            assertEquals("b", valid(reader.next()).getId());
        }
    }

    @Test
    void countingAFileWithAnUnterminatedQuoteFailsWithItsLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("courses.csv");
        Files.writeString(file, "id,title\na,Fine\nb,\"Broken\nc,More\n", StandardCharsets.UTF_8);
        assertEquals(3, assertThrows(MalformedFileException.class, () -> CourseCsvReader.countRecords(file)).line());
    }
}
