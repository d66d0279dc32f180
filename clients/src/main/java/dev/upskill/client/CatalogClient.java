package dev.upskill.client;

import dev.upskill.proto.v1.CatalogServiceGrpc;
import dev.upskill.proto.v1.Competency;
import dev.upskill.proto.v1.Course;
import dev.upskill.proto.v1.DeleteCoursesRequest;
import dev.upskill.proto.v1.DeleteCoursesResponse;
import dev.upskill.proto.v1.GetCatalogInfoRequest;
import dev.upskill.proto.v1.GetCatalogInfoResponse;
import dev.upskill.proto.v1.SearchCoursesRequest;
import dev.upskill.proto.v1.SearchCoursesResponse;
import dev.upskill.proto.v1.UpsertCompetenciesRequest;
import dev.upskill.proto.v1.UpsertCompetenciesResponse;
import dev.upskill.proto.v1.UpsertCoursesRequest;
import dev.upskill.proto.v1.UpsertCoursesResponse;
import io.grpc.Channel;
import io.grpc.stub.AbstractStub;

import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * A typed client for {@code upskill.v1.CatalogService}. It takes a {@link Channel} and never closes it:
 * whoever built the channel owns it. Every call carries the configured deadline; for the two upload calls
 * that deadline covers the whole stream (all batches and the server's embedding of them), so size it for the
 * upload. Failures arrive as {@link io.grpc.StatusRuntimeException}, as from a blocking stub.
 *
 * <p>Uploads stream their items in batches over one client-streaming call, reading the next item only when
 * the call can take another message, so an upload of a million courses from a file holds about one batch
 * in memory. They read the items on the caller's thread, which blocks until the server's response.
 */
public final class CatalogClient {

    /** The most items per stream message: the server's default {@code limits.max-items-per-message}. */
    public static final int MAX_BATCH_SIZE = 256;

    private final CatalogServiceGrpc.CatalogServiceBlockingStub blocking;
    private final CatalogServiceGrpc.CatalogServiceStub async;
    private final Duration deadline;

    /**
     * @param channel a channel to a server of the catalog service
     * @param deadline the deadline of each call (of each whole stream for uploads)
     */
    public CatalogClient(Channel channel, Duration deadline) {
        this.blocking = CatalogServiceGrpc.newBlockingStub(channel);
        this.async = CatalogServiceGrpc.newStub(channel);
        this.deadline = deadline;
    }

    /**
     * Creates or replaces courses of a tenant over one UpsertCourses stream.
     *
     * @param tenantId the tenant the courses belong to
     * @param courses the courses, read one at a time on the caller's thread; an exception it throws cancels
     *     the call (courses the server already stored stay stored) and is rethrown
     * @param batchSize courses per message, 1 to {@value #MAX_BATCH_SIZE}
     * @param progress called on the caller's thread after each message is handed to gRPC, with the number of
     *     courses sent so far (the server confirms them only in the response)
     * @return the counts of created, updated, unchanged and failed courses, and the first errors by stream position
     * @throws IllegalArgumentException for a bad batch size or no courses (the service rejects an empty stream)
     */
    public UpsertCoursesResponse upsertCourses(String tenantId, Iterator<Course> courses, int batchSize,
            LongConsumer progress) {
        checkUpload(courses, batchSize, "courses");
        return FlowControlledUpload.run(withDeadline(async)::upsertCourses, courses, batchSize,
                (batch, first) -> UpsertCoursesRequest.newBuilder().setTenantId(tenantId).addAllCourses(batch).build(),
                progress);
    }

    /** {@link #upsertCourses(String, Iterator, int, LongConsumer)} of a stream, which is consumed lazily. */
    public UpsertCoursesResponse upsertCourses(String tenantId, Stream<Course> courses, int batchSize,
            LongConsumer progress) {
        return upsertCourses(tenantId, courses.iterator(), batchSize, progress);
    }

    /**
     * Creates or replaces competencies of a tenant's framework over one UpsertCompetencies stream. The server
     * applies the whole stream atomically when it ends: all competencies are stored or none.
     *
     * @param tenantId the tenant whose framework this is
     * @param competencies the competencies, read one at a time on the caller's thread
     * @param batchSize competencies per message, 1 to {@value #MAX_BATCH_SIZE}
     * @param update whether to replace the framework and re-tag courses
     * @param progress called after each message with the number of competencies sent so far
     * @return the counts, and the framework's size after the call
     * @throws IllegalArgumentException for a bad batch size or no competencies
     */
    public UpsertCompetenciesResponse upsertCompetencies(String tenantId, Iterator<Competency> competencies,
            int batchSize, FrameworkUpdate update, LongConsumer progress) {
        checkUpload(competencies, batchSize, "competencies");
        return FlowControlledUpload.run(withDeadline(async)::upsertCompetencies, competencies, batchSize,
                (batch, first) -> {
                    UpsertCompetenciesRequest.Builder request = UpsertCompetenciesRequest.newBuilder()
                            .setTenantId(tenantId)
                            .addAllCompetencies(batch);
                    if (first) {
                        // The service reads these flags from the first message only.
                        request.setReplaceFramework(update.replaceFramework()).setRetagCourses(update.retagCourses());
                    }
                    return request.build();
                },
                progress);
    }

    /** Searches a tenant's courses. */
    public SearchCoursesResponse search(SearchCoursesRequest request) {
        return withDeadline(blocking).searchCourses(request);
    }

    /** The best {@code k} courses of a tenant for a text, in the server's default (hybrid) mode, unfiltered. */
    public SearchCoursesResponse search(String tenantId, String text, int k) {
        return search(SearchCoursesRequest.newBuilder().setTenantId(tenantId).setText(text).setTopK(k).build());
    }

    /** The size, backend and versions of a tenant's catalog. */
    public GetCatalogInfoResponse info(String tenantId) {
        return withDeadline(blocking).getCatalogInfo(GetCatalogInfoRequest.newBuilder().setTenantId(tenantId).build());
    }

    /** Deletes courses as the request says. */
    public DeleteCoursesResponse delete(DeleteCoursesRequest request) {
        return withDeadline(blocking).deleteCourses(request);
    }

    /** Deletes courses of a tenant by id (at most the server's {@code limits.max-ids}, 1,000 by default). */
    public DeleteCoursesResponse delete(String tenantId, Collection<String> courseIds) {
        return delete(DeleteCoursesRequest.newBuilder().setTenantId(tenantId).addAllCourseIds(courseIds).build());
    }

    /** Deletes every course of a tenant; its competency framework is kept. */
    public DeleteCoursesResponse deleteAll(String tenantId) {
        return delete(DeleteCoursesRequest.newBuilder().setTenantId(tenantId).setDeleteAll(true).build());
    }

    private <S extends AbstractStub<S>> S withDeadline(S stub) {
        return stub.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static void checkUpload(Iterator<?> items, int batchSize, String what) {
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batch size " + batchSize + " is not in 1.." + MAX_BATCH_SIZE);
        }
        if (!items.hasNext()) {
            throw new IllegalArgumentException("no " + what + " to send");
        }
    }
}
