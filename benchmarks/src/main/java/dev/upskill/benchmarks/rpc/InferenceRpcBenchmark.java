package dev.upskill.benchmarks.rpc;

import dev.upskill.benchmarks.Sentences;
import dev.upskill.inference.catalog.DemoCatalog;
import dev.upskill.proto.v1.AssignmentServiceGrpc;
import dev.upskill.proto.v1.CatalogServiceGrpc;
import dev.upskill.proto.v1.Course;
import dev.upskill.proto.v1.DeleteCoursesRequest;
import dev.upskill.proto.v1.DeleteCoursesResponse;
import dev.upskill.proto.v1.EmbedRequest;
import dev.upskill.proto.v1.EmbedResponse;
import dev.upskill.proto.v1.EmbeddingServiceGrpc;
import dev.upskill.proto.v1.GetCatalogInfoRequest;
import dev.upskill.proto.v1.GetCatalogInfoResponse;
import dev.upskill.proto.v1.GetModelInfoRequest;
import dev.upskill.proto.v1.GetModelInfoResponse;
import dev.upskill.proto.v1.GradeAnswerRequest;
import dev.upskill.proto.v1.GradeAnswerResponse;
import dev.upskill.proto.v1.GradeBatchRequest;
import dev.upskill.proto.v1.GradeBatchResponse;
import dev.upskill.proto.v1.GradingServiceGrpc;
import dev.upskill.proto.v1.PredictSuccessBatchRequest;
import dev.upskill.proto.v1.PredictSuccessBatchResponse;
import dev.upskill.proto.v1.PredictSuccessRequest;
import dev.upskill.proto.v1.PredictSuccessResponse;
import dev.upskill.proto.v1.RankCoursesRequest;
import dev.upskill.proto.v1.RankCoursesResponse;
import dev.upskill.proto.v1.RankingServiceGrpc;
import dev.upskill.proto.v1.RecommendForGapsRequest;
import dev.upskill.proto.v1.RecommendForGapsResponse;
import dev.upskill.proto.v1.RecordOutcomeRequest;
import dev.upskill.proto.v1.RecordOutcomeResponse;
import dev.upskill.proto.v1.SearchCoursesRequest;
import dev.upskill.proto.v1.SearchCoursesResponse;
import dev.upskill.proto.v1.TrainModelRequest;
import dev.upskill.proto.v1.TrainModelResponse;
import dev.upskill.proto.v1.UpsertCompetenciesRequest;
import dev.upskill.proto.v1.UpsertCompetenciesResponse;
import dev.upskill.proto.v1.UpsertCoursesRequest;
import dev.upskill.proto.v1.UpsertCoursesResponse;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Every RPC of the inference server, one fixed request each, through a real {@code InferenceServer}
 * ({@link ServerUnderTest}: the server's own services, interceptors, executors and default settings; fresh data
 * directories; for the catalog and ranking calls the demo company loaded into tenant {@value DemoCatalog#TENANT}
 * at start, {@code catalog.demo=true}: 115 competencies, 300 courses; the first assignment model trained from the
 * default 2,000 sample rows). {@code transport=inprocess} calls it over grpc-java's in-process transport (the
 * server's cost without the network stack), {@code transport=netty} over a Netty channel to 127.0.0.1 (plaintext):
 * the difference is the loopback hop and the serialisation. One caller (concurrency 1), a new deadline per call
 * (30 s; TrainModel 120 s), blocking stubs for unary calls; streaming calls send every message, half-close and
 * wait for the last response. SampleTime, µs per call: the report reads p50 and p99.
 *
 * <p>Each method's Javadoc states its request. Calls that write are repeatable: the upserts alternate between
 * two editions of the same items, so every call changes (re-embeds, re-tags, re-indexes) all of them rather than
 * finding them unchanged; DeleteCourses deletes courses that are put back, untimed, before each call;
 * RecordOutcome records a new outcome each call (the tenant's outcome file grows by one line, forced to disk).
 * Each method runs on its own server (JMH starts a trial per method), so writes never disturb another method.
 *
 * <p>Warm-up matters more than for small calls: the catalog and ranking calls run little code often enough for
 * the JIT in a second or two (RecommendForGaps on 300 courses: ~175 ms p50 after 1 s of warm-up, ~17 ms after
 * 16 s, on 2 busy cores), hence 2 × 5 s by default.
 *
 * <p>Run: {@code benchmarks/run.sh InferenceRpcBenchmark} (both transports), or e.g.
 * {@code benchmarks/run.sh 'InferenceRpcBenchmark.recommendForGaps' -p transport=netty}.
 */
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules=jdk.incubator.vector",
        "-Dlogback.configurationFile=logback-benchmarks.xml", "-Xmx1g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 3)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class InferenceRpcBenchmark {

    /** Items per upsert and per delete. */
    static final int WRITE_BATCH = 10;

    private static final long DEADLINE_SECONDS = 30;
    private static final String TENANT = DemoCatalog.TENANT;

    /**
     * The server, its stubs and the fixed requests of one trial; the catalog is empty (the embedding, assignment
     * and grading services never read it, and loading the demo costs seconds per trial).
     */
    @State(Scope.Benchmark)
    public static class Server {
        @Param({"inprocess", "netty"})
        public String transport;

        ServerUnderTest server;
        EmbeddingServiceGrpc.EmbeddingServiceBlockingStub embedding;
        EmbeddingServiceGrpc.EmbeddingServiceStub embeddingStreams;
        CatalogServiceGrpc.CatalogServiceBlockingStub catalog;
        CatalogServiceGrpc.CatalogServiceStub catalogStreams;
        RankingServiceGrpc.RankingServiceBlockingStub ranking;
        AssignmentServiceGrpc.AssignmentServiceBlockingStub assignment;
        AssignmentServiceGrpc.AssignmentServiceStub assignmentStreams;
        GradingServiceGrpc.GradingServiceBlockingStub grading;

        final EmbedRequest embedOne = Requests.embedOne();
        final List<EmbedRequest> embedStream = Requests.embedStream();
        final SearchCoursesRequest search = Requests.search(TENANT);
        final RecommendForGapsRequest recommend = Requests.recommend(TENANT, Requests.DEMO_GAPS);
        final RankCoursesRequest rank = Requests.rank(TENANT, Requests.DEMO_GAPS,
                DemoCatalog.courses().stream().limit(100).map(Course::getId).toList());
        final GetCatalogInfoRequest catalogInfo = GetCatalogInfoRequest.newBuilder().setTenantId(TENANT).build();
        final PredictSuccessRequest predict = Requests.predictSuccess();
        final List<PredictSuccessBatchRequest> predictBatch = List.of(Requests.predictBatch(100));
        final List<TrainModelRequest> train = Requests.trainModel(500);
        final GradeAnswerRequest gradeAnswer = Requests.gradeAnswer();
        final GradeBatchRequest gradeBatch = Requests.gradeBatch(20);
        final CatalogEdits edits = new CatalogEdits(TENANT, WRITE_BATCH);
        long calls;

        @Setup(Level.Trial)
        public void start() throws IOException {
            server = ServerUnderTest.start(ServerUnderTest.Transport.parse(transport),
                    config -> config.withCatalog(config.catalog().withDemo(demo())));
            embedding = EmbeddingServiceGrpc.newBlockingStub(server.channel());
            embeddingStreams = EmbeddingServiceGrpc.newStub(server.channel());
            catalog = CatalogServiceGrpc.newBlockingStub(server.channel());
            catalogStreams = CatalogServiceGrpc.newStub(server.channel());
            ranking = RankingServiceGrpc.newBlockingStub(server.channel());
            assignment = AssignmentServiceGrpc.newBlockingStub(server.channel());
            assignmentStreams = AssignmentServiceGrpc.newStub(server.channel());
            grading = GradingServiceGrpc.newBlockingStub(server.channel());
        }

        /** Whether the server loads the demo company ({@code catalog.demo}). */
        boolean demo() {
            return false;
        }

        @TearDown(Level.Trial)
        public void stop() {
            server.close();
        }
    }

    /** {@link Server} with the demo company in tenant {@value DemoCatalog#TENANT}: for catalog and ranking calls. */
    @State(Scope.Benchmark)
    public static class DemoServer extends Server {
        @Override
        boolean demo() {
            return true;
        }
    }

    /** DeleteCourses' courses, put back (upserted, untimed) before every call so that each call deletes them. */
    @State(Scope.Benchmark)
    public static class DeletableCourses {
        DeleteCoursesRequest delete;

        @Setup(Level.Trial)
        public void prepare(DemoServer s) {
            delete = s.edits.delete();
        }

        @Setup(Level.Invocation)
        public void restore(DemoServer s) {
            StreamCalls.exchange(s.catalogStreams.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                    ::upsertCourses, s.edits.originalCourses());
        }
    }

    /** Embed: one sentence of 12 words, 17 tokens ({@link Sentences#ONE}). */
    @Benchmark
    public EmbedResponse embed(Server s) {
        return s.embedding.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS).embed(s.embedOne);
    }

    /** EmbedStream: one stream of 32 requests of one sentence each ({@link Sentences#BATCH}, 11-28 tokens). */
    @Benchmark
    public List<EmbedResponse> embedStream(Server s) {
        return StreamCalls.exchange(s.embeddingStreams.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                ::embedStream, s.embedStream);
    }

    /**
     * UpsertCompetencies: one message of 10 demo competencies (3-4-word names, descriptions of 11-45 words) whose
     * descriptions alternate between two editions, so all 10 are updated and re-embedded; no framework replace,
     * no re-tagging of courses.
     */
    @Benchmark
    public List<UpsertCompetenciesResponse> upsertCompetencies(DemoServer s) {
        return StreamCalls.exchange(s.catalogStreams.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                ::upsertCompetencies, s.edits.competencies(s.calls++));
    }

    /**
     * UpsertCourses: one message of 10 demo courses (3-7-word titles, ~22-word descriptions) whose descriptions
     * alternate between two editions, so all 10 are updated: embedded, tagged against the 115 competencies,
     * indexed and committed.
     */
    @Benchmark
    public List<UpsertCoursesResponse> upsertCourses(DemoServer s) {
        return StreamCalls.exchange(s.catalogStreams.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                ::upsertCourses, s.edits.courses(s.calls++));
    }

    /** DeleteCourses: 10 ids of the 300-course demo catalog, all present (put back untimed before each call). */
    @Benchmark
    public DeleteCoursesResponse deleteCourses(DemoServer s, DeletableCourses courses) {
        return s.catalog.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS).deleteCourses(courses.delete);
    }

    /** SearchCourses: a 7-word text query, hybrid (dense + BM25), no filter, top 10 of 300 courses. */
    @Benchmark
    public SearchCoursesResponse searchCourses(DemoServer s) {
        return s.catalog.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS).searchCourses(s.search);
    }

    /** GetCatalogInfo of the demo tenant (300 courses, 115 competencies). */
    @Benchmark
    public GetCatalogInfoResponse getCatalogInfo(DemoServer s) {
        return s.catalog.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS).getCatalogInfo(s.catalogInfo);
    }

    /** RankCourses: 5 gaps (beginner → advanced), 100 candidate ids (the first 100 demo courses), top 10. */
    @Benchmark
    public RankCoursesResponse rankCourses(DemoServer s) {
        return s.ranking.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS).rankCourses(s.rank);
    }

    /**
     * RecommendForGaps: 5 gaps (beginner → advanced), 50 candidates per gap retrieved from the 300-course demo
     * catalog, top 10, no learner context. The 100k-course catalog is {@link LargeCatalogRecommendBenchmark}'s.
     */
    @Benchmark
    public RecommendForGapsResponse recommendForGaps(DemoServer s) {
        return s.ranking.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS).recommendForGaps(s.recommend);
    }

    /**
     * RecordOutcome: a new outcome id every call, one employee completing one demo course with one gap closure
     * (beginner → intermediate of a beginner → advanced gap), no recommendation request id.
     */
    @Benchmark
    public RecordOutcomeResponse recordOutcome(DemoServer s) {
        RecordOutcomeRequest request = s.edits.outcome(s.calls++);
        return s.ranking.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS).recordOutcome(request);
    }

    /** PredictSuccess: one pair, all 11 features given, 3 top factors. */
    @Benchmark
    public PredictSuccessResponse predictSuccess(Server s) {
        return s.assignment.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS).predictSuccess(s.predict);
    }

    /** PredictSuccessBatch: one stream of one message of 100 pairs (2 % of values missing), no top factors. */
    @Benchmark
    public List<PredictSuccessBatchResponse> predictSuccessBatch(Server s) {
        return StreamCalls.exchange(s.assignmentStreams.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                ::predictSuccessBatch, s.predictBatch);
    }

    /**
     * TrainModel: a dry run on 500 streamed rows (one message): 80/20 split, 5-fold cross-validation and the final
     * forest (six forests of 100 trees), evaluated, never swapped in. Slow: seconds per call.
     */
    @Benchmark
    public List<TrainModelResponse> trainModel(Server s) {
        return StreamCalls.exchange(s.assignmentStreams.withDeadlineAfter(120, TimeUnit.SECONDS)::trainModel,
                s.train);
    }

    /** GetModelInfo of the serving model. */
    @Benchmark
    public GetModelInfoResponse getModelInfo(Server s) {
        return s.assignment.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                .getModelInfo(GetModelInfoRequest.getDefaultInstance());
    }

    /** GradeAnswer: a 103-word answer (6 sentences) to a question with one reference answer and 3 key points. */
    @Benchmark
    public GradeAnswerResponse gradeAnswer(Server s) {
        return s.grading.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS).gradeAnswer(s.gradeAnswer);
    }

    /** GradeBatch: 20 answers of 103 words (the same sentences in rotated order) to the GradeAnswer question. */
    @Benchmark
    public GradeBatchResponse gradeBatch(Server s) {
        return s.grading.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS).gradeBatch(s.gradeBatch);
    }
}
