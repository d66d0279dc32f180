package dev.upskill.inference.catalog;

import dev.upskill.inference.text.LanguageAnalyzers;
import dev.upskill.proto.v1.CatalogBackend;
import dev.upskill.proto.v1.Course;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The catalog contract on the Lucene backend, plus what only Lucene does: BM25, reopening from disk, a rewrite
 * built beside the live index.
 */
class LuceneCatalogIndexTest extends CatalogIndexContract {

    @TempDir
    Path directory;

    private final LanguageAnalyzers analyzers = new LanguageAnalyzers();

    @Override
    protected CatalogIndex newIndex(Clock clock) {
        return open();
    }

    private LuceneCatalogIndex open() {
        return LuceneCatalogIndex.open(directory.resolve("catalog"), analyzers, 100, clock);
    }

    @Override
    protected void deleteIndex() {
        analyzers.close(); // the temporary directory goes by itself
    }

    @Test
    void lexicalSearchFindsExactTerms() {
        index.upsertCourses(ACME, List.of(
                indexed(course("k8s").toBuilder().setTitle("Kubernetes in production")
                        .setDescription("Run clusters, deployments and services").build(), unit(1, 0)),
                indexed(course("containers").toBuilder().setTitle("Container orchestration basics")
                        .setDescription("Schedule containers across machines").build(), unit(1, 0.1f)),
                indexed(course("sql").toBuilder().setTitle("SQL for analysts").build(), unit(0, 1))));

        List<ScoredCourse> hits = index.lexicalSearch(ACME, "Kubernetes", SearchFilter.none(), 5);

        assertEquals(List.of("k8s"), ids(hits));
        assertTrue(hits.getFirst().score() > 0);
        assertEquals(List.of(), index.lexicalSearch(ACME, "blockchain", SearchFilter.none(), 5));
        assertEquals(List.of(), index.lexicalSearch(GLOBEX, "Kubernetes", SearchFilter.none(), 5));
        assertEquals(List.of(), index.lexicalSearch(ACME, "Kubernetes", filter(f -> f.addExcludeCourseIds("k8s")), 5));
        assertEquals(List.of(), index.lexicalSearch(ACME, "the and of", SearchFilter.none(), 5), "only stop words");
    }

    @Test
    void lexicalSearchStemsEachCourseInItsLanguage() {
        index.upsertCourses(ACME, List.of(
                indexed(course("de").toBuilder().setLanguage("de").setTitle("Datenbanken entwerfen")
                        .setDescription("Relationale Modelle und Normalformen").build(), unit(1, 0)),
                indexed(course("en").toBuilder().setTitle("Designing databases").build(), unit(0, 1))));

        // German stemming takes "Datenbank" and "Datenbanken" to one term; English stemming "database(s)".
        assertEquals(List.of("de"), ids(index.lexicalSearch(ACME, "Datenbank", SearchFilter.none(), 5)));
        assertEquals(List.of("de"), ids(index.lexicalSearch(ACME, "Normalform", SearchFilter.none(), 5)));
        assertEquals(List.of("en"), ids(index.lexicalSearch(ACME, "database", SearchFilter.none(), 5)));
    }

    @Test
    void aReopenedIndexKeepsEverything() {
        index.recordEmbeddingModel("model-1");
        index.upsertCourses(ACME, List.of(indexed(course("c1"), unit(1, 0))));
        index.updateFramework(ACME, List.of(competency("a", unit(1, 0))), Set.of());
        var updated = index.updatedAt(ACME);
        index.close();

        index = open();

        assertEquals(CatalogBackend.CATALOG_BACKEND_LUCENE, index.backend());
        assertEquals(Optional.of("model-1"), index.embeddingModel());
        assertEquals(Set.of("c1"), index.findCourses(ACME, List.of("c1")).keySet());
        assertEquals(List.of("a"), competencyIds(index.competencies(ACME)));
        assertEquals(updated, index.updatedAt(ACME));
        assertEquals(List.of("c1"), ids(index.denseSearch(ACME, unit(1, 0), SearchFilter.none(), 5)));
    }

    @Test
    void aRewriteLeavesOneLiveIndexDirectoryNamedByCurrent() throws IOException {
        index.upsertCourses(ACME, List.of(indexed(course("c1"), unit(1, 0))));
        index.rewrite(renaming(" (v2)", () -> { }));
        index.rewrite(renaming(" (v3)", () -> { }));

        Path root = directory.resolve("catalog");
        List<String> generations;
        try (Stream<Path> entries = Files.list(root)) {
            generations = entries.map(path -> path.getFileName().toString())
                    .filter(name -> name.startsWith("index-")).toList();
        }
        assertEquals(1, generations.size(), generations.toString());
        assertEquals(generations.getFirst(), Files.readString(root.resolve("CURRENT"), StandardCharsets.UTF_8).strip());
        assertEquals("Course c1 (v2) (v3)", index.findCourses(ACME, List.of("c1")).get("c1").course().getTitle());

        index.close();
        index = open();
        assertEquals("Course c1 (v2) (v3)", index.findCourses(ACME, List.of("c1")).get("c1").course().getTitle());
    }

    @Test
    void searchesDuringARewriteSeeTheOldIndex() {
        index.upsertCourses(ACME, List.of(indexed(course("c1"), unit(1, 0)), indexed(course("c2"), unit(0, 1))));
        List<String> seen = new ArrayList<>();

        index.rewrite(renaming(" (v2)", () -> {
            seen.add(index.findCourses(ACME, List.of("c1")).get("c1").course().getTitle());
            seen.add(index.denseSearch(ACME, unit(1, 0), SearchFilter.none(), 1).getFirst().course().course()
                    .getTitle());
        }));

        assertEquals(List.of("Course c1", "Course c1"), seen);
        assertEquals("Course c1 (v2)", index.findCourses(ACME, List.of("c1")).get("c1").course().getTitle());
    }

    /** A rewrite that appends {@code suffix} to every course title and runs {@code during} before each batch. */
    private static IndexRewrite renaming(String suffix, Runnable during) {
        return new IndexRewrite() {
            @Override
            public boolean includes(String tenant) {
                return true;
            }

            @Override
            public String embeddingModel() {
                return "model" + suffix;
            }

            @Override
            public List<IndexedCompetency> competencies(String tenant, List<IndexedCompetency> stored) {
                return stored;
            }

            @Override
            public List<IndexedCourse> courses(String tenant, List<IndexedCourse> stored) {
                during.run();
                return stored.stream().map(course -> {
                    Course renamed = course.course().toBuilder().setTitle(course.course().getTitle() + suffix).build();
                    return new IndexedCourse(renamed, course.vector(), course.digest());
                }).toList();
            }
        };
    }
}
