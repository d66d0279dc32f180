package dev.upskill.benchmarks.catalog;

import dev.upskill.inference.catalog.CatalogIndex;
import dev.upskill.inference.catalog.CatalogLimits;
import dev.upskill.inference.catalog.CourseCatalog;
import dev.upskill.inference.catalog.DemoCatalog;
import dev.upskill.inference.catalog.Fusion;
import dev.upskill.inference.catalog.IndexedCourse;
import dev.upskill.inference.catalog.LuceneCatalogIndex;
import dev.upskill.inference.embedding.EmbeddingBatcher;
import dev.upskill.inference.embedding.EmbeddingRuntime;
import dev.upskill.inference.embedding.ModelSource;
import dev.upskill.inference.embedding.OnnxOptions;
import dev.upskill.inference.embedding.SentenceEncoder;
import dev.upskill.inference.rpc.CallerBudget;
import dev.upskill.inference.text.LanguageAnalyzers;
import dev.upskill.proto.v1.Course;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A synthetic catalog of N courses in a Lucene index on disk, built once through the server's own ingest path
 * ({@link CourseCatalog#upsertCourses}: embedding with the quantized model, tagging, indexing) and reused by
 * later benchmark runs. Building also measures the bulk ingestion rate.
 *
 * <p>Lives in {@code benchmarks/target/catalog-<size>-<seed>/}; a {@code READY} file written last says it is
 * complete (a build that was interrupted is started over).
 */
public final class CatalogFixture {

    public static final String TENANT = "bench";
    /** Courses per upsert batch: the largest stream message the server accepts by default. */
    public static final int BATCH = 256;

    private CatalogFixture() {
    }

    /** The fixture's directory, built first when missing or incomplete. */
    public static Path ensure(Path parent, int size, long seed) {
        Path directory = parent.resolve("catalog-" + size + "-" + seed);
        Path ready = directory.resolve("READY");
        if (Files.exists(ready)) {
            return directory;
        }
        try {
            if (Files.exists(directory)) {
                deleteTree(directory);
            }
            String report = build(directory, size, seed);
            Files.writeString(ready, report, StandardCharsets.UTF_8);
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copies a directory tree, e.g. a fixture's index into a temporary directory for code that opens it with an
     * IndexWriter: a fixture is shared and never written to.
     */
    public static void copyTree(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
        }
    }

    /** Deletes a directory tree. */
    public static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    /**
     * Copies the fixture's tenant (framework and courses, vectors included) into another backend unless it
     * already holds that many courses, e.g. to measure Milvus on the same data.
     */
    public static void copyIfMissing(CatalogIndex from, CatalogIndex to, int size) {
        if (to.courseCount(TENANT) == size) {
            return;
        }
        to.deleteAllCourses(TENANT);
        to.recordEmbeddingModel(from.embeddingModel().orElseThrow());
        to.updateFramework(TENANT, from.competencies(TENANT), Set.of());
        List<IndexedCourse> batch = new ArrayList<>(1000);
        long start = System.nanoTime();
        from.forEachCourse(TENANT, course -> {
            batch.add(course);
            if (batch.size() == 1000) {
                to.upsertCourses(TENANT, batch);
                batch.clear();
            }
        });
        to.upsertCourses(TENANT, batch);
        to.commit();
        System.err.printf("catalog fixture copied to %s: %d courses in %.1f s%n", to.backend(), size,
                (System.nanoTime() - start) / 1e9);
    }

    /** Indexes the synthetic catalog; returns a line reporting the ingestion rate. */
    private static String build(Path directory, int size, long seed) {
        EmbeddingRuntime embedding = new EmbeddingRuntime(
                new EmbeddingBatcher.Settings(32, Duration.ofMillis(2), 4096, 1), new SimpleMeterRegistry());
        embedding.load(() -> SentenceEncoder.load(ModelSource.quantizedMiniLm(),
                new OnnxOptions(Runtime.getRuntime().availableProcessors(), false)));
        try (LanguageAnalyzers analyzers = new LanguageAnalyzers();
             LuceneCatalogIndex index = LuceneCatalogIndex.open(directory.resolve("index"), analyzers, 100,
                     Clock.systemUTC())) {
            CourseCatalog catalog = new CourseCatalog(index, embedding, analyzers,
                    new CatalogLimits(10_000, BATCH, 1000, 100, 100_000), new Fusion(Fusion.Method.RRF, 0.7f),
                    50, 0.45f, 5, Clock.systemUTC());
            catalog.alignWithModel();
            catalog.updateFramework(TENANT, DemoCatalog.framework(), false, false, CallerBudget.unbounded());
            long start = System.nanoTime();
            Iterator<Course> courses = new SyntheticCatalog(DemoCatalog.framework(), seed).courses(size).iterator();
            List<Course> batch = new ArrayList<>(BATCH);
            int done = 0;
            while (courses.hasNext()) {
                batch.add(courses.next());
                if (batch.size() == BATCH || !courses.hasNext()) {
                    catalog.upsertCourses(TENANT, batch, done, CallerBudget.unbounded());
                    done += batch.size();
                    batch.clear();
                    if (done % (BATCH * 40) < BATCH || done == size) {
                        double seconds = (System.nanoTime() - start) / 1e9;
                        System.err.printf("catalog fixture: %,d / %,d courses, %.0f courses/s%n", done, size,
                                done / seconds);
                    }
                }
            }
            index.commit();
            double seconds = (System.nanoTime() - start) / 1e9;
            return String.format("%d courses ingested in %.1f s: %.0f courses/s (batches of %d, embedding "
                    + "included, %d cores)%n", size, seconds, size / seconds, BATCH,
                    Runtime.getRuntime().availableProcessors());
        } finally {
            embedding.close();
        }
    }
}
