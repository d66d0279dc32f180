package dev.upskill.client;

import dev.upskill.proto.v1.CatalogServiceGrpc;
import dev.upskill.proto.v1.Course;
import dev.upskill.proto.v1.CourseError;
import dev.upskill.proto.v1.CourseHit;
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
import io.grpc.Context;
import io.grpc.stub.StreamObserver;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in catalog service for client and CLI tests: it records what it receives and answers with counts
 * computed from it (every course created; a blank title or a rating above 5 fails, as the real service
 * would say) or with
 * canned search hits. Not a model of the real service's behaviour beyond that.
 */
public class FakeCatalogService extends CatalogServiceGrpc.CatalogServiceImplBase {

    /** The UpsertCourses messages received, over all calls. */
    public final List<UpsertCoursesRequest> courseMessages = new CopyOnWriteArrayList<>();
    /** The UpsertCompetencies messages received, over all calls. */
    public final List<UpsertCompetenciesRequest> competencyMessages = new CopyOnWriteArrayList<>();
    /** The search requests received. */
    public final List<SearchCoursesRequest> searches = new CopyOnWriteArrayList<>();
    /** The delete requests received. */
    public final List<DeleteCoursesRequest> deletes = new CopyOnWriteArrayList<>();
    /** Milliseconds left of the deadline of the last call, when it arrived. */
    public final AtomicLong lastDeadlineMillis = new AtomicLong(-1);
    /** The hits every search answers with. */
    public volatile List<CourseHit> hits = List.of();

    @Override
    public StreamObserver<UpsertCoursesRequest> upsertCourses(StreamObserver<UpsertCoursesResponse> responses) {
        recordDeadline();
        return new StreamObserver<>() {
            private final UpsertCoursesResponse.Builder response = UpsertCoursesResponse.newBuilder();
            private int position;

            @Override
            public void onNext(UpsertCoursesRequest request) {
                courseMessages.add(request);
                for (Course course : request.getCoursesList()) {
                    response.setReceived(response.getReceived() + 1);
                    if (course.getTitle().isBlank() || course.getRating() > 5) {
                        boolean blank = course.getTitle().isBlank();
                        response.setFailed(response.getFailed() + 1).addErrors(CourseError.newBuilder()
                                .setPosition(position).setCourseId(course.getId())
                                .setField(blank ? "title" : "rating")
                                .setMessage(blank ? "title is blank" : "rating " + course.getRating() + " is above 5"));
                    } else {
                        response.setCreated(response.getCreated() + 1);
                    }
                    position++;
                }
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
                responses.onNext(response.setCatalogSize(response.getCreated()).build());
                responses.onCompleted();
            }
        };
    }

    @Override
    public StreamObserver<UpsertCompetenciesRequest> upsertCompetencies(
            StreamObserver<UpsertCompetenciesResponse> responses) {
        recordDeadline();
        return new StreamObserver<>() {
            private int received;

            @Override
            public void onNext(UpsertCompetenciesRequest request) {
                competencyMessages.add(request);
                received += request.getCompetenciesCount();
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
                responses.onNext(UpsertCompetenciesResponse.newBuilder().setReceived(received).setCreated(received)
                        .setFrameworkSize(received).build());
                responses.onCompleted();
            }
        };
    }

    @Override
    public void searchCourses(SearchCoursesRequest request, StreamObserver<SearchCoursesResponse> responses) {
        recordDeadline();
        searches.add(request);
        responses.onNext(SearchCoursesResponse.newBuilder().addAllHits(hits).setMode(request.getMode()).build());
        responses.onCompleted();
    }

    @Override
    public void getCatalogInfo(GetCatalogInfoRequest request, StreamObserver<GetCatalogInfoResponse> responses) {
        recordDeadline();
        responses.onNext(GetCatalogInfoResponse.newBuilder().setCourseCount(300).setCompetencyCount(115)
                .setDimensions(384).setLexicalSearch(true).setIndexVersion("7").build());
        responses.onCompleted();
    }

    @Override
    public void deleteCourses(DeleteCoursesRequest request, StreamObserver<DeleteCoursesResponse> responses) {
        recordDeadline();
        deletes.add(request);
        responses.onNext(DeleteCoursesResponse.newBuilder().setDeleted(request.getCourseIdsCount())
                .setCatalogSize(10).build());
        responses.onCompleted();
    }

    /** All courses received, in stream order. */
    public List<Course> courses() {
        return courseMessages.stream().flatMap(m -> m.getCoursesList().stream()).toList();
    }

    private void recordDeadline() {
        lastDeadlineMillis.set(Context.current().getDeadline().timeRemaining(TimeUnit.MILLISECONDS));
    }
}
