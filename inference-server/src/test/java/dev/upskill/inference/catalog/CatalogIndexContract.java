package dev.upskill.inference.catalog;

import com.google.protobuf.Timestamp;
import dev.upskill.proto.v1.Competency;
import dev.upskill.proto.v1.Course;
import dev.upskill.proto.v1.CourseFilter;
import dev.upskill.proto.v1.CourseFormat;
import dev.upskill.proto.v1.InferredCompetency;
import dev.upskill.proto.v1.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The behaviour every {@link CatalogIndex} backend must have: one suite, run against each backend by a subclass
 * that opens a new, empty index per test. Vectors are small synthetic unit vectors (a few of the 384 dimensions
 * set), so no embedding model is needed and cosine similarities are known exactly.
 */
abstract class CatalogIndexContract {

    static final int DIMENSION = 384;
    static final String ACME = "acme";
    static final String GLOBEX = "globex";

    protected final TestClock clock = new TestClock(Instant.parse("2026-11-02T10:15:30.123Z"));
    protected CatalogIndex index;

    /** A new, empty index of the backend under test, reading time from {@code clock}. */
    protected abstract CatalogIndex newIndex(Clock clock);

    /** Removes what {@link #newIndex} created, after the index is closed. */
    protected void deleteIndex() {
    }

    @BeforeEach
    void openIndex() {
        index = newIndex(clock);
    }

    @AfterEach
    void closeIndex() {
        try {
            if (index != null) {
                index.close();
            }
        } finally {
            deleteIndex();
        }
    }

    // ---------------------------------------------------------------- courses

    @Test
    void storedCoursesAreFoundAndCounted() {
        Course full = course("c1").toBuilder()
                .setUrl("https://learn.example/c1")
                .setRating(4.5f)
                .setRatingCount(12)
                .addCompetencyIds("negotiation")
                .addInferredCompetencies(InferredCompetency.newBuilder().setCompetencyId("k8s").setSimilarity(0.61f))
                .setUpdatedAt(Timestamp.newBuilder().setSeconds(1_790_000_000L).setNanos(5))
                .build();
        index.upsertCourses(ACME, List.of(indexed(full, unit(1, 0)), indexed(course("c2"), unit(0, 1))));

        Map<String, IndexedCourse> found = index.findCourses(ACME, List.of("c1", "missing", "c2"));

        assertEquals(Set.of("c1", "c2"), found.keySet());
        assertEquals(full, found.get("c1").course());
        assertArrayEquals(unit(1, 0), found.get("c1").vector(), 1e-6f);
        assertEquals("digest-c1", found.get("c1").digest());
        assertEquals(2, index.courseCount(ACME));
        assertEquals(Map.of(), index.findCourses(ACME, List.of()));
    }

    @Test
    void upsertingAnIdAgainReplacesTheCourse() {
        index.upsertCourses(ACME, List.of(indexed(course("c1"), unit(1, 0))));
        Course changed = course("c1").toBuilder().setTitle("Negotiation, second edition").build();
        index.upsertCourses(ACME, List.of(new IndexedCourse(changed, unit(0, 1), "digest-2")));

        IndexedCourse stored = index.findCourses(ACME, List.of("c1")).get("c1");
        assertEquals("Negotiation, second edition", stored.course().getTitle());
        assertArrayEquals(unit(0, 1), stored.vector(), 1e-6f);
        assertEquals("digest-2", stored.digest());
        assertEquals(1, index.courseCount(ACME));
        assertEquals(List.of("c1"), ids(index.denseSearch(ACME, unit(0, 1), SearchFilter.none(), 10)));
    }

    @Test
    void aLongCourseRoundTrips() {
        // 17,000 CJK characters: 51 KB of UTF-8, more than one Milvus VarChar holds once base64-encoded.
        String description = "学习".repeat(8_500);
        Course course = course("long").toBuilder().setDescription(description).setLanguage("zh").build();
        index.upsertCourses(ACME, List.of(indexed(course, unit(1, 0))));

        assertEquals(course, index.findCourses(ACME, List.of("long")).get("long").course());
        assertEquals(course, index.denseSearch(ACME, unit(1, 0), SearchFilter.none(), 1).getFirst().course().course());
    }

    @Test
    void deletingByIdReturnsTheIdsThatExisted() {
        index.upsertCourses(ACME, List.of(indexed(course("c1"), unit(1, 0)), indexed(course("c2"), unit(0, 1))));

        assertEquals(Set.of("c1"), index.deleteCourses(ACME, List.of("c1", "missing")));
        assertEquals(Set.of(), index.deleteCourses(ACME, List.of("c1")));
        assertEquals(1, index.courseCount(ACME));
        assertEquals(Set.of("c2"), index.findCourses(ACME, List.of("c1", "c2")).keySet());
        assertEquals(List.of("c2"), ids(index.denseSearch(ACME, unit(1, 0), SearchFilter.none(), 10)));
    }

    @Test
    void idsWithQuotesAndBackslashesAreOrdinaryIds() {
        List<String> ids = List.of("q\"uote", "back\\slash", "it's", "x\" or key != \"");
        index.upsertCourses(ACME, ids.stream().map(id -> indexed(course(id), unit(1, id.length()))).toList());
        index.updateFramework(ACME, ids.stream().map(id -> competency(id, unit(1, 0))).toList(), Set.of());

        assertEquals(Set.copyOf(ids), index.findCourses(ACME, ids).keySet());
        assertEquals(Set.of("it's"), index.findCourses(ACME, List.of("it's", "it")).keySet());
        assertEquals(ids.stream().sorted().toList(), competencyIds(index.competencies(ACME)));
        assertEquals(Set.of("q\"uote"), index.deleteCourses(ACME, List.of("q\"uote", "q")));
        assertEquals(3, index.courseCount(ACME));
        index.updateFramework(ACME, List.of(), Set.of("back\\slash"));
        assertEquals(3, index.competencies(ACME).size());
    }

    @Test
    void deletingAllCoursesKeepsTheFramework() {
        index.updateFramework(ACME, List.of(competency("k8s", unit(1, 0))), Set.of());
        index.upsertCourses(ACME, List.of(indexed(course("c1"), unit(1, 0)), indexed(course("c2"), unit(0, 1))));

        assertEquals(2, index.deleteAllCourses(ACME));
        assertEquals(0, index.courseCount(ACME));
        assertEquals(List.of(), index.denseSearch(ACME, unit(1, 0), SearchFilter.none(), 10));
        assertEquals(List.of("k8s"), competencyIds(index.competencies(ACME)));
        assertEquals(0, index.deleteAllCourses(ACME));
    }

    @Test
    void everyCourseIsVisitedOnce() {
        // More than one page of a paging backend.
        List<IndexedCourse> catalog = IntStream.range(0, 300)
                .mapToObj(i -> indexed(course("c" + i), unit(1, i % 7, i % 3)))
                .toList();
        index.upsertCourses(ACME, catalog);
        index.upsertCourses(GLOBEX, List.of(indexed(course("other"), unit(1, 0))));

        List<String> visited = new ArrayList<>();
        index.forEachCourse(ACME, course -> visited.add(course.id()));

        assertEquals(300, visited.size());
        assertEquals(catalog.stream().map(IndexedCourse::id).collect(Collectors.toSet()), new HashSet<>(visited));
        assertEquals(300, index.courseCount(ACME));
    }

    // ---------------------------------------------------------------- tenants

    @Test
    void tenantsNeverSeeEachOthersData() {
        index.upsertCourses(ACME, List.of(indexed(course("c1").toBuilder().setTitle("Acme's").build(), unit(1, 0)),
                indexed(course("c2"), unit(0, 1))));
        index.upsertCourses(GLOBEX, List.of(indexed(course("c1").toBuilder().setTitle("Globex's").build(),
                unit(1, 0))));
        index.updateFramework(ACME, List.of(competency("k8s", unit(1, 0))), Set.of());

        assertEquals("Acme's", index.findCourses(ACME, List.of("c1")).get("c1").course().getTitle());
        assertEquals("Globex's", index.findCourses(GLOBEX, List.of("c1")).get("c1").course().getTitle());
        assertEquals(Set.of(), index.findCourses(GLOBEX, List.of("c2")).keySet());
        assertEquals(2, index.courseCount(ACME));
        assertEquals(1, index.courseCount(GLOBEX));
        assertEquals(0, index.courseCount("initech"));
        assertEquals(List.of("c1"), ids(index.denseSearch(GLOBEX, unit(0, 1), SearchFilter.none(), 10)));
        assertEquals("Globex's", index.denseSearch(GLOBEX, unit(1, 0), SearchFilter.none(), 10)
                .getFirst().course().course().getTitle());
        assertEquals(List.of(), index.competencies(GLOBEX));
        List<String> globexCourses = new ArrayList<>();
        index.forEachCourse(GLOBEX, course -> globexCourses.add(course.course().getTitle()));
        assertEquals(List.of("Globex's"), globexCourses);
        assertEquals(Optional.empty(), index.updatedAt("initech"));

        assertEquals(Set.of(), index.deleteCourses(GLOBEX, List.of("c2")));
        assertEquals(1, index.deleteAllCourses(GLOBEX));
        assertEquals(2, index.courseCount(ACME));
        assertEquals("Acme's", index.findCourses(ACME, List.of("c1")).get("c1").course().getTitle());
        assertEquals(List.of("k8s"), competencyIds(index.competencies(ACME)));
    }

    // ---------------------------------------------------------------- search

    @Test
    void denseSearchRanksByCosineAndScoresIt() {
        index.upsertCourses(ACME, List.of(
                indexed(course("orthogonal"), unit(0, 1)),
                indexed(course("same"), unit(1, 0)),
                indexed(course("opposite"), unit(-1, 0)),
                indexed(course("close"), unit(0.8f, 0.6f)),
                indexed(course("half"), unit(1, 1.7320508f))));

        List<ScoredCourse> hits = index.denseSearch(ACME, unit(1, 0), SearchFilter.none(), 10);

        assertEquals(List.of("same", "close", "half", "orthogonal", "opposite"), ids(hits));
        float[] expected = {1f, 0.8f, 0.5f, 0f, -1f};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], hits.get(i).score(), 1e-4f, "score of " + hits.get(i).course().id());
        }
        assertEquals(List.of("same", "close"), ids(index.denseSearch(ACME, unit(1, 0), SearchFilter.none(), 2)));
        assertEquals(List.of(), index.denseSearch(GLOBEX, unit(1, 0), SearchFilter.none(), 2));
    }

    @Test
    void aFilteredSearchStillReturnsKWhenKCoursesMatch() {
        // The matching courses are the ones farthest from the query: a search that filtered its top
        // candidates afterwards would return fewer than k.
        List<IndexedCourse> catalog = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            catalog.add(indexed(course("near" + i).toBuilder().setProvider("Common").build(), unit(1, i / 100f)));
        }
        for (int i = 0; i < 8; i++) {
            catalog.add(indexed(course("far" + i).toBuilder().setProvider("Rare").build(), unit(-1, i / 10f)));
        }
        index.upsertCourses(ACME, catalog);

        List<ScoredCourse> hits = index.denseSearch(ACME, unit(1, 0), filter(f -> f.addProviders("rare")), 5);

        assertEquals(5, hits.size());
        assertTrue(ids(hits).stream().allMatch(id -> id.startsWith("far")), ids(hits).toString());
        assertEquals(8, index.denseSearch(ACME, unit(1, 0), filter(f -> f.addProviders("rare")), 20).size());
    }

    @Test
    void competencyFilterMatchesExplicitAndInferredCompetencies() {
        index.upsertCourses(ACME, List.of(
                indexed(course("explicit").toBuilder().addCompetencyIds("k8s").build(), unit(1, 0)),
                indexed(course("inferred").toBuilder().addInferredCompetencies(inferred("k8s")).build(), unit(1, 1)),
                indexed(course("other").toBuilder().addCompetencyIds("sql").addInferredCompetencies(inferred("excel"))
                        .build(), unit(1, 2)),
                indexed(course("none"), unit(1, 3))));

        assertEquals(Set.of("explicit", "inferred"), search(f -> f.addCompetencyIds("k8s")));
        assertEquals(Set.of("inferred", "other"), search(f -> f.addCompetencyIds("excel").addCompetencyIds("k8s")
                .addExcludeCourseIds("explicit")));
        assertEquals(Set.of("other"), search(f -> f.addCompetencyIds("sql")));
        assertEquals(Set.of(), search(f -> f.addCompetencyIds("unknown")));
    }

    @Test
    void levelFilterMatchesListedLevelsOnly() {
        index.upsertCourses(ACME, List.of(
                indexed(course("beginner").toBuilder().setLevel(Level.LEVEL_BEGINNER).build(), unit(1, 0)),
                indexed(course("advanced").toBuilder().setLevel(Level.LEVEL_ADVANCED).build(), unit(1, 1)),
                indexed(course("unknown").toBuilder().setLevel(Level.LEVEL_UNSPECIFIED).build(), unit(1, 2))));

        assertEquals(Set.of("beginner"), search(f -> f.addLevels(Level.LEVEL_BEGINNER)));
        assertEquals(Set.of("beginner", "advanced"),
                search(f -> f.addLevels(Level.LEVEL_BEGINNER).addLevels(Level.LEVEL_ADVANCED)));
        assertEquals(Set.of("unknown"), search(f -> f.addLevels(Level.LEVEL_UNSPECIFIED)));
        assertEquals(Set.of(), search(f -> f.addLevels(Level.LEVEL_EXPERT)));
    }

    @Test
    void languageFilterMatchesRegionalVariantsOfAPrimaryTag() {
        index.upsertCourses(ACME, List.of(
                indexed(course("en").toBuilder().setLanguage("en").build(), unit(1, 0)),
                indexed(course("en-GB").toBuilder().setLanguage("en-GB").build(), unit(1, 1)),
                indexed(course("en-us").toBuilder().setLanguage("en-us").build(), unit(1, 2)),
                indexed(course("de").toBuilder().setLanguage("de").build(), unit(1, 3)),
                indexed(course("unknown").toBuilder().setLanguage("").build(), unit(1, 4))));

        assertEquals(Set.of("en", "en-GB", "en-us"), search(f -> f.addLanguages("en")));
        assertEquals(Set.of("en", "en-GB", "en-us"), search(f -> f.addLanguages("EN")));
        assertEquals(Set.of("en-GB"), search(f -> f.addLanguages("en-gb")));
        assertEquals(Set.of("en-GB"), search(f -> f.addLanguages("EN-GB")));
        assertEquals(Set.of("de", "en-us"), search(f -> f.addLanguages("de").addLanguages("en-US")));
        assertEquals(Set.of(), search(f -> f.addLanguages("fr")));
    }

    @Test
    void providerFilterIgnoresCaseAndMatchesWholeValues() {
        index.upsertCourses(ACME, List.of(
                indexed(course("coursera").toBuilder().setProvider("Coursera").build(), unit(1, 0)),
                indexed(course("academy").toBuilder().setProvider("Internal Academy").build(), unit(1, 1)),
                indexed(course("quotes").toBuilder().setProvider("O\"Reilly \\ 'Partners'").build(), unit(1, 2)),
                indexed(course("none"), unit(1, 3))));

        assertEquals(Set.of("coursera"), search(f -> f.addProviders("COURSERA")));
        assertEquals(Set.of("academy"), search(f -> f.addProviders("internal academy")));
        assertEquals(Set.of(), search(f -> f.addProviders("academy")));
        assertEquals(Set.of("quotes"), search(f -> f.addProviders("o\"reilly \\ 'partners'")));
        // A value that would change a naively quoted expression matches nothing.
        assertEquals(Set.of(), search(f -> f.addProviders("x\" or provider != \"")));
        assertEquals(Set.of(), search(f -> f.addProviders("x' or provider != '")));
    }

    @Test
    void maxDurationExcludesLongerAndUnknownDurations() {
        index.upsertCourses(ACME, List.of(
                indexed(course("short").toBuilder().setDurationMinutes(30).build(), unit(1, 0)),
                indexed(course("exact").toBuilder().setDurationMinutes(60).build(), unit(1, 1)),
                indexed(course("long").toBuilder().setDurationMinutes(90).build(), unit(1, 2)),
                indexed(course("unknown").toBuilder().setDurationMinutes(0).build(), unit(1, 3))));

        assertEquals(Set.of("short", "exact"), search(f -> f.setMaxDurationMinutes(60)));
        assertEquals(Set.of(), search(f -> f.setMaxDurationMinutes(0)));
        assertEquals(Set.of("short", "exact", "long", "unknown"), search(f -> f));
    }

    @Test
    void formatFilterMatchesListedFormats() {
        index.upsertCourses(ACME, List.of(
                indexed(course("video").toBuilder().setFormat(CourseFormat.COURSE_FORMAT_VIDEO).build(), unit(1, 0)),
                indexed(course("book").toBuilder().setFormat(CourseFormat.COURSE_FORMAT_BOOK).build(), unit(1, 1)),
                indexed(course("unknown"), unit(1, 2))));

        assertEquals(Set.of("video"), search(f -> f.addFormats(CourseFormat.COURSE_FORMAT_VIDEO)));
        assertEquals(Set.of("video", "book"), search(f -> f.addFormats(CourseFormat.COURSE_FORMAT_VIDEO)
                .addFormats(CourseFormat.COURSE_FORMAT_BOOK)));
        assertEquals(Set.of("unknown"), search(f -> f.addFormats(CourseFormat.COURSE_FORMAT_UNSPECIFIED)));
    }

    @Test
    void excludedCoursesAreNeverReturned() {
        index.upsertCourses(ACME, List.of(indexed(course("a"), unit(1, 0)), indexed(course("b"), unit(1, 1)),
                indexed(course("c\"quoted"), unit(1, 2))));

        assertEquals(Set.of("b"), search(f -> f.addExcludeCourseIds("a").addExcludeCourseIds("c\"quoted")
                .addExcludeCourseIds("missing")));
    }

    @Test
    void conditionsOnDifferentFieldsMustAllHold() {
        Course base = course("x").toBuilder().setLanguage("en").setLevel(Level.LEVEL_BEGINNER)
                .setFormat(CourseFormat.COURSE_FORMAT_VIDEO).setDurationMinutes(30).setProvider("Coursera").build();
        index.upsertCourses(ACME, List.of(
                indexed(base.toBuilder().setId("all").build(), unit(1, 0)),
                indexed(base.toBuilder().setId("german").setLanguage("de").build(), unit(1, 1)),
                indexed(base.toBuilder().setId("expert").setLevel(Level.LEVEL_EXPERT).build(), unit(1, 2)),
                indexed(base.toBuilder().setId("book").setFormat(CourseFormat.COURSE_FORMAT_BOOK).build(), unit(1, 3)),
                indexed(base.toBuilder().setId("long").setDurationMinutes(600).build(), unit(1, 4)),
                indexed(base.toBuilder().setId("udemy").setProvider("Udemy").build(), unit(1, 5))));

        assertEquals(Set.of("all"), search(f -> f.addLanguages("en").addLevels(Level.LEVEL_BEGINNER)
                .addFormats(CourseFormat.COURSE_FORMAT_VIDEO).setMaxDurationMinutes(60).addProviders("coursera")));
    }

    // ---------------------------------------------------------------- frameworks

    @Test
    void frameworkUpdatesAddReplaceAndDelete() {
        index.updateFramework(ACME, List.of(competency("a", unit(1, 0)), competency("b", unit(0, 1)),
                competency("c", unit(1, 1))), Set.of());
        assertEquals(List.of("a", "b", "c"), competencyIds(index.competencies(ACME)));

        Competency renamed = Competency.newBuilder().setId("b").setName("B renamed").setDescription("new")
                .setParentId("a").build();
        index.updateFramework(ACME, List.of(new IndexedCompetency(renamed, unit(0, 0, 1))), Set.of("c", "missing"));

        List<IndexedCompetency> framework = index.competencies(ACME);
        assertEquals(List.of("a", "b"), competencyIds(framework));
        IndexedCompetency b = framework.stream().filter(c -> c.id().equals("b")).findFirst().orElseThrow();
        assertEquals(renamed, b.competency());
        assertArrayEquals(unit(0, 0, 1), b.vector(), 1e-6f);

        index.updateFramework(ACME, List.of(), Set.of("a", "b"));
        assertEquals(List.of(), index.competencies(ACME));
    }

    @Test
    void aFailedFrameworkUpdateChangesNothing() {
        index.updateFramework(ACME, List.of(competency("a", unit(1, 0)), competency("b", unit(0, 1))), Set.of());

        // The second new competency's vector has the wrong length: the update fails after the first.
        IndexedCompetency broken = new IndexedCompetency(
                Competency.newBuilder().setId("broken").setName("Broken").build(), new float[] {1, 0, 0});
        assertThrows(IllegalArgumentException.class, () -> index.updateFramework(ACME,
                List.of(competency("c", unit(1, 1)), broken), Set.of("a")));

        assertEquals(List.of("a", "b"), competencyIds(index.competencies(ACME)));
        // Nothing of the failed update surfaces with a later write either.
        index.upsertCourses(ACME, List.of(indexed(course("c1"), unit(1, 0))));
        index.updateFramework(ACME, List.of(competency("d", unit(1, 2))), Set.of());
        assertEquals(List.of("a", "b", "d"), competencyIds(index.competencies(ACME)));
    }

    @Test
    void aLargeFrameworkIsReadWhole() {
        List<IndexedCompetency> framework = IntStream.range(0, 600)
                .mapToObj(i -> competency("skill-%04d".formatted(i), unit(1, i % 11)))
                .toList();
        index.updateFramework(ACME, framework, Set.of());
        index.updateFramework(ACME, List.of(competency("skill-0001", unit(0, 1))), Set.of("skill-0002"));

        List<IndexedCompetency> stored = index.competencies(ACME);
        assertEquals(599, stored.size());
        assertEquals(599, new HashSet<>(competencyIds(stored)).size());
    }

    // ---------------------------------------------------------------- rewrites, versions, times

    @Test
    void aRewriteChangesTheIncludedTenantsOnly() {
        index.updateFramework(ACME, List.of(competency("a", unit(1, 0)), competency("b", unit(0, 1))), Set.of());
        index.updateFramework(GLOBEX, List.of(competency("g", unit(1, 0))), Set.of());
        List<IndexedCourse> acme = IntStream.range(0, 5).mapToObj(i -> indexed(course("c" + i), unit(1, i))).toList();
        index.upsertCourses(ACME, acme);
        index.upsertCourses(GLOBEX, List.of(indexed(course("c0"), unit(1, 0))));
        Optional<Instant> globexUpdated = index.updatedAt(GLOBEX);
        String before = index.version();
        clock.advanceSeconds(60);

        List<String> calls = new ArrayList<>();
        index.rewrite(new IndexRewrite() {
            @Override
            public boolean includes(String tenant) {
                return tenant.equals(ACME);
            }

            @Override
            public String embeddingModel() {
                return "model-2";
            }

            @Override
            public List<IndexedCompetency> competencies(String tenant, List<IndexedCompetency> stored) {
                calls.add("competencies " + tenant + " " + stored.size());
                // b goes, a gets a new vector, n is new.
                return List.of(competency("a", unit(0, 0, 1)), competency("n", unit(0, 0, 0, 1)));
            }

            @Override
            public List<IndexedCourse> courses(String tenant, List<IndexedCourse> stored) {
                calls.add("courses " + tenant + " " + stored.size());
                return stored.stream().map(course -> new IndexedCourse(
                        course.course().toBuilder().setTitle(course.course().getTitle() + " (v2)").build(),
                        unit(0, 0, 1, Integer.parseInt(course.id().substring(1))), "v2")).toList();
            }

            @Override
            public int batchSize() {
                return 2;
            }
        });

        assertEquals(List.of("competencies acme 2", "courses acme 2", "courses acme 2", "courses acme 1"), calls);
        assertEquals(Optional.of("model-2"), index.embeddingModel());
        assertNotEquals(before, index.version());
        assertEquals(List.of("a", "n"), competencyIds(index.competencies(ACME)));
        IndexedCompetency a = index.competencies(ACME).stream().filter(c -> c.id().equals("a")).findFirst()
                .orElseThrow();
        assertArrayEquals(unit(0, 0, 1), a.vector(), 1e-6f);
        IndexedCourse c3 = index.findCourses(ACME, List.of("c3")).get("c3");
        assertEquals("Course c3 (v2)", c3.course().getTitle());
        assertEquals("v2", c3.digest());
        assertEquals(List.of("c0"), ids(index.denseSearch(ACME, unit(0, 0, 1), SearchFilter.none(), 1)));
        assertEquals(5, index.courseCount(ACME));
        assertEquals(Optional.of(clock.instant()), index.updatedAt(ACME));

        assertEquals(List.of("g"), competencyIds(index.competencies(GLOBEX)));
        IndexedCourse globex = index.findCourses(GLOBEX, List.of("c0")).get("c0");
        assertEquals("Course c0", globex.course().getTitle());
        assertArrayEquals(unit(1, 0), globex.vector(), 1e-6f);
        assertEquals(globexUpdated, index.updatedAt(GLOBEX));
    }

    @Test
    void theEmbeddingModelIsRecorded() {
        assertEquals(Optional.empty(), index.embeddingModel());
        index.recordEmbeddingModel("all-minilm-l6-v2@q");
        assertEquals(Optional.of("all-minilm-l6-v2@q"), index.embeddingModel());
        index.upsertCourses(ACME, List.of(indexed(course("c1"), unit(1, 0))));
        index.recordEmbeddingModel("bge-small-en-v1.5");
        assertEquals(Optional.of("bge-small-en-v1.5"), index.embeddingModel());
    }

    @Test
    void theVersionChangesWithEveryWrite() {
        Set<String> seen = new HashSet<>();
        assertTrue(seen.add(index.version()));
        index.upsertCourses(ACME, List.of(indexed(course("c1"), unit(1, 0)), indexed(course("c2"), unit(0, 1))));
        assertTrue(seen.add(index.version()));
        assertEquals(index.version(), index.version(), "reads do not change the version");
        index.findCourses(ACME, List.of("c1"));
        index.denseSearch(ACME, unit(1, 0), SearchFilter.none(), 3);
        assertTrue(seen.contains(index.version()));
        index.deleteCourses(ACME, List.of("c1"));
        assertTrue(seen.add(index.version()));
        index.updateFramework(ACME, List.of(competency("a", unit(1, 0))), Set.of());
        assertTrue(seen.add(index.version()));
        index.deleteAllCourses(ACME);
        assertTrue(seen.add(index.version()));
        index.recordEmbeddingModel("m");
        assertTrue(seen.add(index.version()));
        index.commit();
        assertTrue(seen.contains(index.version()), "committing writes nothing new");
    }

    @Test
    void updatedAtIsTheTimeOfTheTenantsLastChange() {
        assertEquals(Optional.empty(), index.updatedAt(ACME));
        Instant first = clock.instant();
        index.upsertCourses(ACME, List.of(indexed(course("c1"), unit(1, 0))));
        assertEquals(Optional.of(first), index.updatedAt(ACME));
        assertEquals(Optional.empty(), index.updatedAt(GLOBEX));

        clock.advanceSeconds(30);
        index.updateFramework(ACME, List.of(competency("a", unit(1, 0))), Set.of());
        Instant second = clock.instant();
        assertEquals(Optional.of(second), index.updatedAt(ACME));

        clock.advanceSeconds(30);
        index.deleteCourses(ACME, List.of("missing"));
        index.upsertCourses(GLOBEX, List.of(indexed(course("c1"), unit(1, 0))));
        assertEquals(Optional.of(second), index.updatedAt(ACME), "nothing of acme changed");
        assertEquals(Optional.of(clock.instant()), index.updatedAt(GLOBEX));
    }

    @Test
    void writesStayAfterACommit() {
        index.upsertCourses(ACME, List.of(indexed(course("c1"), unit(1, 0))));
        index.commit();
        assertEquals(1, index.courseCount(ACME));
    }

    @Test
    void lexicalSearchIsThereWhenTheBackendSaysSo() {
        index.upsertCourses(ACME, List.of(indexed(course("c1"), unit(1, 0))));
        if (index.supportsLexicalSearch()) {
            assertEquals(List.of("c1"), ids(index.lexicalSearch(ACME, "course", SearchFilter.none(), 5)));
        } else {
            assertThrows(UnsupportedOperationException.class,
                    () -> index.lexicalSearch(ACME, "course", SearchFilter.none(), 5));
        }
        assertFalse(index.backend().toString().contains("UNSPECIFIED"));
    }

    // ---------------------------------------------------------------- helpers

    /** A unit vector of {@link #DIMENSION} dimensions whose first components are proportional to {@code leading}. */
    static float[] unit(float... leading) {
        float[] vector = Arrays.copyOf(leading, DIMENSION);
        double norm = 0;
        for (float value : vector) {
            norm += value * value;
        }
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) (vector[i] / Math.sqrt(norm));
        }
        return vector;
    }

    static Course course(String id) {
        return Course.newBuilder()
                .setId(id)
                .setTitle("Course " + id)
                .setDescription("About " + id)
                .setLanguage("en")
                .build();
    }

    static IndexedCourse indexed(Course course, float[] vector) {
        return new IndexedCourse(course, vector, "digest-" + course.getId());
    }

    static InferredCompetency inferred(String competencyId) {
        return InferredCompetency.newBuilder().setCompetencyId(competencyId).setSimilarity(0.5f).build();
    }

    static IndexedCompetency competency(String id, float[] vector) {
        return new IndexedCompetency(Competency.newBuilder().setId(id).setName("Competency " + id).build(), vector);
    }

    static List<String> ids(List<ScoredCourse> hits) {
        return hits.stream().map(hit -> hit.course().id()).toList();
    }

    static List<String> competencyIds(List<IndexedCompetency> framework) {
        return framework.stream().map(IndexedCompetency::id).sorted().toList();
    }

    static SearchFilter filter(UnaryOperator<CourseFilter.Builder> conditions) {
        return SearchFilter.of(conditions.apply(CourseFilter.newBuilder()).build());
    }

    /** The ids of all of ACME's courses that pass the filter (the query vector is near all of them). */
    Set<String> search(UnaryOperator<CourseFilter.Builder> conditions) {
        List<ScoredCourse> hits = index.denseSearch(ACME, unit(1, 0), filter(conditions), 100);
        Set<String> ids = new HashSet<>(ids(hits));
        assertEquals(hits.size(), ids.size(), "each course once");
        return ids;
    }

    /** A clock the test moves by hand; millisecond precision, as the indexes store times. */
    static final class TestClock extends Clock {
        private volatile Instant now;

        TestClock(Instant start) {
            this.now = start;
        }

        void advanceSeconds(long seconds) {
            now = now.plusSeconds(seconds);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
