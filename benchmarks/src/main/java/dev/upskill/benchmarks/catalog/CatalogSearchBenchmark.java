package dev.upskill.benchmarks.catalog;

import dev.upskill.inference.catalog.CatalogIndex;
import dev.upskill.inference.catalog.LuceneCatalogIndex;
import dev.upskill.inference.catalog.MilvusCatalogIndex;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Catalog search in-process: top 10 of a synthetic catalog ({@link CatalogFixture}, built on first use and kept
 * under {@code benchmarks/target/fixtures/}), one caller, queries already embedded (the embedding's cost is
 * measured by the embedding benchmarks).
 *
 * <ul>
 *   <li>{@link #denseTop10}: nearest neighbours by cosine under the filter. {@code backend=lucene}: HNSW in the
 *       embedded index ({@code catalog.hnsw.candidates} = {@link #candidates}), the filter applied inside the
 *       graph search. {@code backend=milvus}: the same courses copied into Milvus (HNSW, COSINE), searched through
 *       the backend's client over loopback gRPC; needs {@code -p milvusUri=http://127.0.0.1:19530}.</li>
 *   <li>{@link #lexicalTop10}: BM25 over title and description (Lucene only; on Milvus it is not measured).</li>
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

    @Param({"lucene"})
    public String backend;

    /** The Milvus for {@code backend=milvus}. */
    @Param({"http://127.0.0.1:19530"})
    public String milvusUri;

    private LanguageAnalyzers analyzers;
    private CatalogIndex index;
    private CatalogQueries queries;
    private SearchFilter searchFilter;
    private int next;

    @Setup(Level.Trial)
    public void open() {
        Path directory = CatalogFixture.ensure(fixtures(), size, 1).resolve("index");
        analyzers = new LanguageAnalyzers();
        LuceneCatalogIndex lucene = LuceneCatalogIndex.open(directory, analyzers, candidates, Clock.systemUTC());
        Map<String, Integer> counts = CatalogQueries.competencyCounts(lucene, CatalogFixture.TENANT);
        searchFilter = CatalogQueries.filter(CatalogQueries.Selectivity.valueOf(filter), counts, size);
        queries = new CatalogQueries(256);
        if (backend.equals("milvus")) {
            MilvusCatalogIndex milvus = MilvusCatalogIndex.connect(milvusUri, "upskill_bench_" + size + "_",
                    queries.vectors.getFirst().length, candidates, Duration.ofSeconds(60), Clock.systemUTC());
            CatalogFixture.copyIfMissing(lucene, milvus, size);
            lucene.close();
            index = milvus;
        } else {
            index = lucene;
        }
    }

    /** Where fixtures are kept: {@code -Dupskill.fixtures=DIR}, default {@code benchmarks/target/fixtures}. */
    public static Path fixtures() {
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
        if (!index.supportsLexicalSearch()) {
            throw new IllegalStateException("lexicalTop10 runs on backend=lucene only");
        }
        return index.lexicalSearch(CatalogFixture.TENANT, queries.texts.get(query), searchFilter, 10);
    }
}
