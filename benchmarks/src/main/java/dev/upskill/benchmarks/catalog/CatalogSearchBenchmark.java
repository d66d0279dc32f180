package dev.upskill.benchmarks.catalog;

import dev.upskill.inference.catalog.LuceneCatalogIndex;
import dev.upskill.inference.catalog.ScoredCourse;
import dev.upskill.inference.catalog.SearchFilter;
import dev.upskill.inference.text.LanguageAnalyzers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Catalog search in-process on the Lucene backend: top 10 of a synthetic catalog ({@link CatalogFixture}, built
 * on first use and kept under {@code benchmarks/target/fixtures/}), one caller, queries already embedded (the
 * embedding's cost is measured by the embedding benchmarks).
 *
 * <ul>
 *   <li>{@link #denseTop10}: HNSW nearest neighbours ({@code catalog.hnsw.candidates} = {@link #candidates}),
 *       with the filter applied inside the graph search.</li>
 *   <li>{@link #lexicalTop10}: BM25 over title and description in every language's fields, same filter.</li>
 * </ul>
 * The filter is one competency: {@code NONE}, {@code POPULAR} (the competency closest to 5 % of the courses) or
 * {@code RARE} (closest to 0.2 %). Recall against exact search is measured by {@link CatalogRecall}.
 */
@Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules=jdk.incubator.vector",
        "-Dlogback.configurationFile=logback-benchmarks.xml", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class CatalogSearchBenchmark {

    @Param({"100000"})
    public int size;

    @Param({"NONE", "POPULAR", "RARE"})
    public String filter;

    /** HNSW candidates per search (the server's catalog.hnsw.candidates). */
    @Param({"100"})
    public int candidates;

    private LanguageAnalyzers analyzers;
    private LuceneCatalogIndex index;
    private CatalogQueries queries;
    private SearchFilter searchFilter;
    private int next;

    @Setup(Level.Trial)
    public void open() {
        Path directory = CatalogFixture.ensure(fixtures(), size, 1);
        analyzers = new LanguageAnalyzers();
        index = LuceneCatalogIndex.open(directory.resolve("index"), analyzers, candidates, Clock.systemUTC());
        Map<String, Integer> counts = CatalogQueries.competencyCounts(index, CatalogFixture.TENANT);
        searchFilter = CatalogQueries.filter(CatalogQueries.Selectivity.valueOf(filter), counts, size);
        queries = new CatalogQueries(256);
    }

    /** Where fixtures are kept: {@code -Dupskill.fixtures=DIR}, default {@code benchmarks/target/fixtures}. */
    static Path fixtures() {
        return Path.of(System.getProperty("upskill.fixtures", "benchmarks/target/fixtures"));
    }

    @TearDown(Level.Trial)
    public void close() {
        index.close();
        analyzers.close();
    }

    @Benchmark
    public List<ScoredCourse> denseTop10() {
        int query = next++ & 255;
        return index.denseSearch(CatalogFixture.TENANT, queries.vectors.get(query), searchFilter, 10);
    }

    @Benchmark
    public List<ScoredCourse> lexicalTop10() {
        int query = next++ & 255;
        return index.lexicalSearch(CatalogFixture.TENANT, queries.texts.get(query), searchFilter, 10);
    }
}
