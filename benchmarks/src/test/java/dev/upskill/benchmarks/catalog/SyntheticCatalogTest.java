package dev.upskill.benchmarks.catalog;

import com.google.protobuf.util.JsonFormat;
import dev.upskill.proto.v1.Competency;
import dev.upskill.proto.v1.Course;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticCatalogTest {

    private static List<Competency> framework;

    @BeforeAll
    static void loadDemoFramework() throws IOException {
        framework = DemoFramework.load(null); // the classpath resource, from the inference server's jar
    }

    @Test
    void theSameSeedGivesTheSameCoursesAndAnotherSeedOthers() {
        List<Course> first = new SyntheticCatalog(framework, 1).courses(2_000).toList();
        assertEquals(first, new SyntheticCatalog(framework, 1).courses(2_000).toList());
        List<Course> other = new SyntheticCatalog(framework, 2).courses(2_000).toList();
        assertNotEquals(first.stream().map(Course::getTitle).toList(), other.stream().map(Course::getTitle).toList());
    }

    @Test
    void anyCourseCanBeMadeAloneAndNothingIsMadeBeforeItIsAskedFor() {
        SyntheticCatalog catalog = new SyntheticCatalog(framework, 7);
        assertEquals(catalog.courses(500).toList().get(499), catalog.course(499));
        long start = System.nanoTime();
        assertEquals(3, catalog.courses(1_000_000_000L).limit(3).count());
        assertTrue(System.nanoTime() - start < 1_000_000_000L, "a billion-course stream is lazy");
    }

    @Test
    void idsAreUniqueAndFieldsStayWithinTheContract() {
        Set<String> ids = new HashSet<>();
        Set<String> frameworkIds = new HashSet<>();
        framework.forEach(competency -> frameworkIds.add(competency.getId()));
        new SyntheticCatalog(framework, 3).courses(20_000).forEach(course -> {
            assertTrue(ids.add(course.getId()), course.getId());
            assertTrue(!course.getTitle().isBlank() && course.getTitle().length() <= 500, course.getId());
            assertTrue(course.getDescription().length() >= 40 && course.getDescription().length() <= 10_000);
            assertTrue(course.getDurationMinutes() >= 0 && course.getDurationMinutes() <= 100_000);
            assertTrue(course.getCompetencyIdsCount() <= 3);
            assertTrue(frameworkIds.containsAll(course.getCompetencyIdsList()));
            assertEquals(course.getCompetencyIdsCount(), Set.copyOf(course.getCompetencyIdsList()).size());
            assertTrue(course.hasRating() ? course.getRating() >= 1 && course.getRating() <= 5
                    && course.getRatingCount() > 0 : course.getRatingCount() == 0);
            assertTrue(course.getUrl().startsWith("https://learn.example.com/"));
        });
    }

    @Test
    void aOneCompetencyFilterMatchesFromAboutTenPercentDownToAboutOnePerMille() {
        int n = 100_000;
        Map<String, Integer> courses = new HashMap<>();
        framework.forEach(competency -> courses.put(competency.getId(), 0));
        new SyntheticCatalog(framework, 1).courses(n)
                .forEach(course -> course.getCompetencyIdsList().forEach(id -> courses.merge(id, 1, Integer::sum)));
        List<Double> selectivity = courses.values().stream().map(count -> (double) count / n).sorted().toList();

        double commonest = selectivity.getLast();
        double rarest = selectivity.getFirst();
        assertTrue(commonest >= 0.06 && commonest <= 0.14, "commonest competency on " + commonest);
        assertTrue(rarest >= 0.0004 && rarest <= 0.002, "rarest competency on " + rarest);
        // Spread out in between, not two clusters at the ends.
        long aboveOnePercent = selectivity.stream().filter(s -> s >= 0.01).count();
        long belowHalfAPercent = selectivity.stream().filter(s -> s < 0.005).count();
        assertTrue(aboveOnePercent >= 20 && belowHalfAPercent >= 20, aboveOnePercent + " / " + belowHalfAPercent);
    }

    @Test
    void mostCoursesAreInEnglishFromFiftyProviders() {
        List<Course> courses = new SyntheticCatalog(framework, 5).courses(20_000).toList();
        long english = courses.stream().filter(course -> course.getLanguage().equals("en")).count();
        assertTrue(english > 16_000 && english < 18_000, "English: " + english);
        assertEquals(50, courses.stream().map(Course::getProvider).distinct().count());
        long untagged = courses.stream().filter(course -> course.getCompetencyIdsCount() == 0).count();
        assertTrue(untagged > 2_000 && untagged < 3_000, "without competencies: " + untagged);
    }

    @Test
    void mainWritesJsonLinesThatParseBack(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("c.jsonl");
        int exit = new CommandLine(new SyntheticCatalogCommand())
                .execute("--count", "50", "--seed", "9", "--out", out.toString());
        assertEquals(0, exit);
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertEquals(50, lines.size());
        Course.Builder parsed = Course.newBuilder();
        JsonFormat.parser().merge(lines.get(49), parsed);
        assertEquals(new SyntheticCatalog(framework, 9).course(49), parsed.build());
    }

    @Test
    void aFrameworkFileCanReplaceTheDemoOne(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("f.jsonl"), "{\"id\":\"k1\",\"name\":\"Negotiation\"}\n");
        List<Competency> own = DemoFramework.load(file);
        Course course = new SyntheticCatalog(own, 1).courses(10).filter(c -> c.getCompetencyIdsCount() > 0)
                .findFirst().orElseThrow();
        assertEquals(List.of("k1"), course.getCompetencyIdsList());
    }
}
