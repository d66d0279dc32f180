package dev.upskill.inference.catalog;

import dev.upskill.proto.v1.CatalogServiceGrpc;
import dev.upskill.proto.v1.Competency;
import dev.upskill.proto.v1.Course;
import dev.upskill.proto.v1.SearchCoursesRequest;
import dev.upskill.proto.v1.SearchCoursesResponse;
import dev.upskill.proto.v1.UpsertCompetenciesRequest;
import dev.upskill.proto.v1.UpsertCompetenciesResponse;
import dev.upskill.proto.v1.UpsertCoursesRequest;
import dev.upskill.proto.v1.UpsertCoursesResponse;
import dev.upskill.inference.testing.Observers;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Catalog calls over a real channel, client streams included, for the service tests. */
public final class CatalogCalls {

    final CatalogServiceGrpc.CatalogServiceBlockingStub blocking;
    private final CatalogServiceGrpc.CatalogServiceStub async;

    public CatalogCalls(Channel channel) {
        this.blocking = CatalogServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
        this.async = CatalogServiceGrpc.newStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    /** One UpsertCourses stream with the given messages; throws the call's StatusRuntimeException on failure. */
    UpsertCoursesResponse upsertCourses(List<UpsertCoursesRequest> messages) {
        CompletableFuture<UpsertCoursesResponse> result = new CompletableFuture<>();
        StreamObserver<UpsertCoursesRequest> stream = async.upsertCourses(Observers.completing(result));
        messages.forEach(stream::onNext);
        stream.onCompleted();
        return await(result);
    }

    public UpsertCoursesResponse upsertCourses(String tenant, Course... courses) {
        return upsertCourses(List.of(UpsertCoursesRequest.newBuilder().setTenantId(tenant)
                .addAllCourses(List.of(courses)).build()));
    }

    UpsertCompetenciesResponse upsertCompetencies(List<UpsertCompetenciesRequest> messages) {
        CompletableFuture<UpsertCompetenciesResponse> result = new CompletableFuture<>();
        StreamObserver<UpsertCompetenciesRequest> stream = async.upsertCompetencies(Observers.completing(result));
        messages.forEach(stream::onNext);
        stream.onCompleted();
        return await(result);
    }

    public UpsertCompetenciesResponse upsertCompetencies(String tenant, Competency... competencies) {
        return upsertCompetencies(List.of(UpsertCompetenciesRequest.newBuilder().setTenantId(tenant)
                .addAllCompetencies(List.of(competencies)).build()));
    }

    SearchCoursesResponse search(SearchCoursesRequest request) {
        return blocking.searchCourses(request);
    }

    SearchCoursesResponse search(String tenant, String text) {
        return search(SearchCoursesRequest.newBuilder().setTenantId(tenant).setText(text).build());
    }

    /** The call's response; its StatusRuntimeException when it failed. */
    private static <T> T await(CompletableFuture<T> result) {
        try {
            return result.get(90, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }
}
