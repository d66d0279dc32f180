package dev.upskill.client.catalog;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.upskill.proto.v1.Competency;
import dev.upskill.proto.v1.Course;
import dev.upskill.proto.v1.CourseFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The demo company's framework and catalog (inference-server/src/main/resources/dev/upskill/inference/demo,
 * made by inference-server/demo/*.py): every line is the proto3 JSON JsonFormat prints, ids are unique, every
 * competency a course names is in the framework, and fields stay within catalog.proto's limits, so the demo
 * imports cleanly into the real service.
 */
class DemoDataTest {

    private static final Path DEMO = Path.of("../inference-server/src/main/resources/dev/upskill/inference/demo");
    private static final Pattern PRINTABLE_ID = Pattern.compile("\\p{Graph}{1,128}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*");

    private static List<Competency> framework;
    private static List<Course> catalog;

    @BeforeAll
    static void read() throws IOException {
        framework = parse(DEMO.resolve("framework.jsonl"), Competency::newBuilder, Competency.class);
        catalog = parse(DEMO.resolve("catalog.jsonl"), Course::newBuilder, Course.class);
    }

    /** Parses every line strictly and checks JsonFormat prints the message back as the very same line. */
    private static <T extends Message> List<T> parse(Path file, Supplier<Message.Builder> builders, Class<T> type)
            throws IOException {
        List<T> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        JsonFormat.Printer printer = JsonFormat.printer().omittingInsignificantWhitespace();
        for (int i = 0; i < lines.size(); i++) {
            String where = file.getFileName() + ":" + (i + 1);
            Message.Builder builder = builders.get();
            try {
                JsonFormat.parser().merge(lines.get(i), builder);
            } catch (InvalidProtocolBufferException e) {
                fail(where + ": " + e.getMessage());
            }
            T message = type.cast(builder.build());
            assertEquals(lines.get(i), printer.print(message), where + " is not as JsonFormat prints it");
            out.add(message);
        }
        return out;
    }

    @Test
    void theFrameworkIsAForestOfValidCompetencies() {
        assertTrue(framework.size() >= 60 && framework.size() <= 120, "competencies: " + framework.size());
        Map<String, Competency> byId = new HashMap<>();
        for (Competency competency : framework) {
            assertTrue(PRINTABLE_ID.matcher(competency.getId()).matches(), competency.getId());
            assertTrue(competency.getId().startsWith("http://data.europa.eu/esco/skill/"), competency.getId());
            assertFalse(competency.getName().isBlank(), competency.getId());
            assertTrue(competency.getName().length() <= 500, competency.getId());
            assertTrue(competency.getDescription().length() >= 20 && competency.getDescription().length() <= 10_000,
                    competency.getId());
            assertTrue(byId.put(competency.getId(), competency) == null, "id twice: " + competency.getId());
        }
        for (Competency competency : framework) {
            Set<String> seen = new HashSet<>();
            for (String parent = competency.getParentId(); !parent.isEmpty(); parent = byId.get(parent).getParentId()) {
                assertTrue(byId.containsKey(parent),
                        competency.getId() + " has parent " + parent + ", not in the framework");
                assertTrue(seen.add(parent), "parent cycle through " + parent);
            }
        }
    }

    @Test
    void everyCourseIsWithinTheLimitsOfTheContract() {
        assertTrue(catalog.size() >= 250 && catalog.size() <= 350, "courses: " + catalog.size());
        Set<String> frameworkIds = new HashSet<>();
        framework.forEach(competency -> frameworkIds.add(competency.getId()));
        Set<String> ids = new HashSet<>();
        Set<String> titles = new HashSet<>();
        for (Course course : catalog) {
            String id = course.getId();
            assertTrue(PRINTABLE_ID.matcher(id).matches(), id);
            assertTrue(ids.add(id), "id twice: " + id);
            assertTrue(titles.add(course.getTitle()), "title twice: " + course.getTitle());
            assertTrue(!course.getTitle().isBlank() && course.getTitle().length() <= 500, id);
            assertTrue(course.getDescription().length() >= 40 && course.getDescription().length() <= 10_000, id);
            assertTrue(!course.getProvider().isBlank() && course.getProvider().length() <= 200, id);
            URI url = URI.create(course.getUrl());
            assertTrue(url.isAbsolute() && url.getScheme().equals("https") && course.getUrl().length() <= 2048, id);
            assertTrue(LANGUAGE.matcher(course.getLanguage()).matches(), id + ": " + course.getLanguage());
            assertTrue(course.getDurationMinutes() > 0 && course.getDurationMinutes() <= 100_000, id);
            assertTrue(course.getFormat() != CourseFormat.COURSE_FORMAT_UNSPECIFIED, id);
            assertTrue(course.getCompetencyIdsCount() <= 3, id);
            for (String competency : course.getCompetencyIdsList()) {
                assertTrue(frameworkIds.contains(competency), id + " names " + competency + ", not in the framework");
            }
            assertEquals(course.getCompetencyIdsCount(), Set.copyOf(course.getCompetencyIdsList()).size(), id);
            if (course.hasRating()) {
                assertTrue(course.getRating() >= 1 && course.getRating() <= 5 && course.getRatingCount() > 0, id);
            } else {
                assertEquals(0, course.getRatingCount(), id);
            }
            // Output-only fields are the server's to set.
            assertTrue(course.getInferredCompetenciesCount() == 0 && !course.hasUpdatedAt(), id);
        }
    }

    @Test
    void theCatalogHasTheVarietyTheDemoNeeds() {
        long untagged = catalog.stream().filter(course -> course.getCompetencyIdsCount() == 0).count();
        assertTrue(untagged >= catalog.size() * 0.10 && untagged <= catalog.size() * 0.20, "untagged: " + untagged);
        long foreign = catalog.stream().filter(course -> !course.getLanguage().equals("en")).count();
        assertTrue(foreign >= catalog.size() * 0.07 && foreign <= catalog.size() * 0.15, "not English: " + foreign);
        Set<String> languages = new HashSet<>();
        catalog.forEach(course -> languages.add(course.getLanguage()));
        assertEquals(Set.of("en", "de", "fr", "es", "ru"), languages);
        long providers = catalog.stream().map(Course::getProvider).distinct().count();
        assertTrue(providers >= 10, "providers: " + providers);
        long formats = catalog.stream().map(Course::getFormat).distinct().count();
        assertEquals(CourseFormat.values().length - 2, formats, "every format but UNSPECIFIED (and UNRECOGNIZED)");
        assertTrue(catalog.stream().anyMatch(c -> c.getRating() == 5f && c.getRatingCount() == 2),
                "a 5.0 from 2 ratings");
        String text = String.join("\n", catalog.stream().map(c -> c.getTitle() + " " + c.getDescription()).toList())
                .toLowerCase(Locale.ROOT);
        for (String term : List.of("kubernetes", "gdpr", "sql", "scrum", "pivot table", "owasp", "excel")) {
            assertTrue(text.contains(term), "no course mentions " + term);
        }
        Set<String> used = new HashSet<>();
        catalog.forEach(course -> used.addAll(course.getCompetencyIdsList()));
        assertTrue(used.size() >= framework.size() * 0.9, "competencies some course names: " + used.size());
    }
}
