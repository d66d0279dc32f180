package dev.upskill.benchmarks.rpc;

import dev.upskill.benchmarks.catalog.CatalogFixture;
import dev.upskill.benchmarks.catalog.CatalogSearchBenchmark;
import dev.upskill.proto.v1.RankingServiceGrpc;
import dev.upskill.proto.v1.RecommendForGapsRequest;
import dev.upskill.proto.v1.RecommendForGapsResponse;
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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * RecommendForGaps on a large catalog, the goal "5 gaps, 100k-course catalog, p99 ≤ 25 ms": a real
 * {@link dev.upskill.inference.server.InferenceServer} ({@link ServerUnderTest}) whose catalog is a copy of the
 * {@link CatalogFixture} of {@link #size} courses (tenant {@value CatalogFixture#TENANT}, the demo framework of
 * 115 competencies, courses tagged by the server's own ingest path). Request: {@link Requests#recommend} with the
 * 5 gaps of {@link Requests#DEMO_GAPS} (beginner → advanced): 5 hybrid searches of 50 candidates each, the union
 * ranked, top 10, no learner context. One caller, 30 s deadline, over {@code transport} = {@code inprocess} or
 * {@code netty} (loopback; the goal is judged on this one). SampleTime, ms per call.
 *
 * <p>The fixture is not built here (it takes ~30 minutes on 2 cores): {@code benchmarks/run.sh
 * CatalogSearchBenchmark} builds it under {@code benchmarks/target/fixtures} (or {@code -Dupskill.fixtures}).
 * Copying its ~200 MB index takes a few seconds per trial. A call is slow enough that a short warm-up leaves the
 * JIT unfinished: hence 3 × 5 s.
 */
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules=jdk.incubator.vector",
        "-Dlogback.configurationFile=logback-benchmarks.xml", "-Xmx2g"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 3, time = 5)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class LargeCatalogRecommendBenchmark {

    @Param({"inprocess", "netty"})
    public String transport;

    /** Courses in the fixture; only a built fixture is used. */
    @Param({"100000"})
    public int size;

    private ServerUnderTest server;
    private RankingServiceGrpc.RankingServiceBlockingStub ranking;
    private final RecommendForGapsRequest request = Requests.recommend(CatalogFixture.TENANT, Requests.DEMO_GAPS);

    @Setup(Level.Trial)
    public void start() throws IOException {
        Path fixture = CatalogSearchBenchmark.fixtures().resolve("catalog-" + size + "-1");
        if (!Files.exists(fixture.resolve("READY"))) {
            throw new IllegalStateException("no " + size + "-course catalog fixture at " + fixture.toAbsolutePath()
                    + ": build it once with `benchmarks/run.sh CatalogSearchBenchmark` (about 30 minutes), or point "
                    + "-Dupskill.fixtures at the directory holding catalog-" + size + "-1");
        }
        server = ServerUnderTest.startOnCopyOf(fixture.resolve("index"), ServerUnderTest.Transport.parse(transport));
        ranking = RankingServiceGrpc.newBlockingStub(server.channel());
        RecommendForGapsResponse first = recommendForGaps();
        if (first.getCoursesCount() == 0) {
            throw new IllegalStateException("the fixture's catalog recommended nothing for the 5 gaps");
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        server.close();
    }

    @Benchmark
    public RecommendForGapsResponse recommendForGaps() {
        return ranking.withDeadlineAfter(30, TimeUnit.SECONDS).recommendForGaps(request);
    }
}
