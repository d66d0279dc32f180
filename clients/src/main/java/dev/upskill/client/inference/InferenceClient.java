package dev.upskill.client.inference;

import dev.upskill.client.CatalogClient;
import dev.upskill.client.EmbeddingClient;
import dev.upskill.client.channel.ServerChannel;
import dev.upskill.proto.v1.AssignmentServiceGrpc;
import dev.upskill.proto.v1.CatalogServiceGrpc;
import dev.upskill.proto.v1.Course;
import dev.upskill.proto.v1.EmbedResponse;
import dev.upskill.proto.v1.EmbeddingServiceGrpc;
import dev.upskill.proto.v1.GradeAnswerRequest;
import dev.upskill.proto.v1.GradeAnswerResponse;
import dev.upskill.proto.v1.GradingServiceGrpc;
import dev.upskill.proto.v1.PredictSuccessRequest;
import dev.upskill.proto.v1.PredictSuccessResponse;
import dev.upskill.proto.v1.RankCoursesRequest;
import dev.upskill.proto.v1.RankCoursesResponse;
import dev.upskill.proto.v1.RankingServiceGrpc;
import dev.upskill.proto.v1.RecommendForGapsRequest;
import dev.upskill.proto.v1.RecommendForGapsResponse;
import dev.upskill.proto.v1.RecordOutcomeRequest;
import dev.upskill.proto.v1.RecordOutcomeResponse;
import dev.upskill.proto.v1.UpsertCoursesResponse;
import io.grpc.Channel;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.stub.AbstractStub;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The typed client of the inference server's services over one channel that spreads calls round robin over
 * every configured server, retries calls that are safe to repeat when a server answers UNAVAILABLE (see
 * {@link RetrySettings}), and gives every call a fresh deadline from {@link InferenceDeadlines}. Failures arrive
 * as {@link io.grpc.StatusRuntimeException}, as from a blocking stub. Thread-safe: share one instance.
 *
 * <p>It owns its channel: {@link #close()} shuts it down. Building it does not connect; the first call does, so
 * an application starts while the inference servers are still down.
 */
public final class InferenceClient implements AutoCloseable {

    /**
     * The methods this client retries when a server answers UNAVAILABLE: reads and idempotent writes, never
     * RecordOutcome or TrainModel (the reasons are in {@link InferenceServiceConfig}).
     */
    public static final List<MethodDescriptor<?, ?>> RETRYABLE_METHODS = InferenceServiceConfig.RETRYABLE_METHODS;

    /** How long {@link #close()} waits for calls in flight before cancelling them. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final ManagedChannel channel;
    /** What the stubs call: the channel, behind the interceptors given at construction (if any). */
    private final Channel calls;
    private final InferenceDeadlines deadlines;
    private final CatalogClient catalog;
    private final EmbeddingClient embedding;

    /** A client over a new channel to the servers the settings list. */
    public InferenceClient(InferenceSettings settings) {
        this(settings, List.of());
    }

    /**
     * A client over a new channel to the servers the settings list, whose calls go through {@code interceptors}
     * (the first one sees a call first), e.g. to time them. They wrap each call as the application made it, so a
     * call's time includes the channel's retries.
     */
    public InferenceClient(InferenceSettings settings, List<ClientInterceptor> interceptors) {
        this(ServerChannel.open(settings.parsedAddresses(), settings.tlsCa(), settings.apiKey(), settings.retry(),
                RETRYABLE_METHODS), interceptors, settings.deadlines());
    }

    /**
     * A client over a given channel, which it takes over (closes). For channels built otherwise, e.g. in-process
     * in tests; they get the deadlines but not the round robin and retries of {@link InferenceSettings}.
     */
    public InferenceClient(ManagedChannel channel, InferenceDeadlines deadlines) {
        this(channel, List.of(), deadlines);
    }

    private InferenceClient(ManagedChannel channel, List<ClientInterceptor> interceptors,
            InferenceDeadlines deadlines) {
        this.channel = channel;
        // ClientInterceptors.intercept makes the last interceptor the outermost; callers list them outermost first.
        this.calls = ClientInterceptors.intercept(channel, interceptors.reversed());
        this.deadlines = deadlines;
        this.catalog = new CatalogClient(calls, deadlines.catalog());
        this.embedding = new EmbeddingClient(calls, deadlines.embedding());
    }

    /** Ranks courses for an employee's gaps: catalog retrieval and ranking in one call on the server. */
    public RecommendForGapsResponse recommendForGaps(RecommendForGapsRequest request) {
        return ranking().recommendForGaps(request);
    }

    /** Ranks given (or retrieved) candidate courses for an employee's gaps. */
    public RankCoursesResponse rankCourses(RankCoursesRequest request) {
        return ranking().rankCourses(request);
    }

    /**
     * Records what an employee did with a recommended course. Never retried by the channel's policy: the server
     * de-duplicates by {@code outcome_id}, so a caller that retries must send the same id.
     */
    public RecordOutcomeResponse recordOutcome(RecordOutcomeRequest request) {
        return ranking().recordOutcome(request);
    }

    /**
     * Creates or replaces courses of a tenant over one UpsertCourses stream, in batches of
     * {@value CatalogClient#MAX_BATCH_SIZE}. The catalog deadline covers the whole stream.
     *
     * @throws IllegalArgumentException for an empty list (the service rejects an empty stream)
     */
    public UpsertCoursesResponse upsertCourses(String tenantId, List<Course> courses) {
        return catalog.upsertCourses(tenantId, courses.iterator(), CatalogClient.MAX_BATCH_SIZE, sent -> { });
    }

    /** Grades one free-text answer. */
    public GradeAnswerResponse grade(GradeAnswerRequest request) {
        return grading().gradeAnswer(request);
    }

    /** Embeds texts: one vector per text, in order. */
    public EmbedResponse embed(List<String> texts) {
        return embedding.embed(texts);
    }

    /** Predicts whether an employee will succeed at a task. */
    public PredictSuccessResponse predictSuccess(PredictSuccessRequest request) {
        return assignment().predictSuccess(request);
    }

    /** The catalog client (search, info, deletes, competency uploads) with the catalog deadline. */
    public CatalogClient catalog() {
        return catalog;
    }

    /** The embedding client with the embedding deadline. */
    public EmbeddingClient embedding() {
        return embedding;
    }

    /** A RankingService stub whose deadline starts now: call it at once, once. */
    public RankingServiceGrpc.RankingServiceBlockingStub ranking() {
        return withDeadline(RankingServiceGrpc.newBlockingStub(calls), deadlines.ranking());
    }

    /** A GradingService stub whose deadline starts now. */
    public GradingServiceGrpc.GradingServiceBlockingStub grading() {
        return withDeadline(GradingServiceGrpc.newBlockingStub(calls), deadlines.grading());
    }

    /** An AssignmentService stub whose deadline starts now. */
    public AssignmentServiceGrpc.AssignmentServiceBlockingStub assignment() {
        return withDeadline(AssignmentServiceGrpc.newBlockingStub(calls), deadlines.assignment());
    }

    /** A CatalogService stub whose deadline starts now. */
    public CatalogServiceGrpc.CatalogServiceBlockingStub catalogStub() {
        return withDeadline(CatalogServiceGrpc.newBlockingStub(calls), deadlines.catalog());
    }

    /** An EmbeddingService stub whose deadline starts now. */
    public EmbeddingServiceGrpc.EmbeddingServiceBlockingStub embeddingStub() {
        return withDeadline(EmbeddingServiceGrpc.newBlockingStub(calls), deadlines.embedding());
    }

    /**
     * Shuts the channel down: new calls fail at once, calls in flight get up to {@link #CLOSE_TIMEOUT} to finish
     * and are then cancelled. Returns once the channel has terminated or a further second has passed.
     */
    @Override
    public void close() {
        ServerChannel.close(channel, CLOSE_TIMEOUT);
    }

    // A stub is immutable and cheap; a new one per call is how its deadline stays fresh.
    private static <S extends AbstractStub<S>> S withDeadline(S stub, Duration deadline) {
        return stub.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
    }
}
