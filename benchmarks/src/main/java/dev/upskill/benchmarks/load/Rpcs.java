package dev.upskill.benchmarks.load;

import dev.upskill.benchmarks.rpc.Requests;
import dev.upskill.proto.v1.AssignmentServiceGrpc;
import dev.upskill.proto.v1.CatalogServiceGrpc;
import dev.upskill.proto.v1.EmbedRequest;
import dev.upskill.proto.v1.EmbeddingServiceGrpc;
import dev.upskill.proto.v1.GradeAnswerRequest;
import dev.upskill.proto.v1.GradingServiceGrpc;
import dev.upskill.proto.v1.PredictSuccessRequest;
import dev.upskill.proto.v1.RankingServiceGrpc;
import dev.upskill.proto.v1.RecommendForGapsRequest;
import dev.upskill.proto.v1.SearchCoursesRequest;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** The RPCs the load generator can drive, each with one fixed request, sent with the async stub. */
enum Rpcs {
    /** EmbeddingService.Embed with {@link Requests#embedOne()}. */
    EMBED("embed", "Embed, one sentence"),
    /** CatalogService.SearchCourses: {@link Requests#search}. */
    SEARCH("search", "SearchCourses, text query, top 10"),
    /** RankingService.RecommendForGaps: {@link Requests#recommend} with {@link Requests#DEMO_GAPS}. */
    RECOMMEND("recommend", "RecommendForGaps, 5 gaps, top 10"),
    /** GradingService.GradeAnswer: {@link Requests#gradeAnswer()}. */
    GRADE("grade", "GradeAnswer, 103 words, 3 key points"),
    /** AssignmentService.PredictSuccess: {@link Requests#predictSuccess()}. */
    PREDICT("predict", "PredictSuccess, 3 factors");

    final String id;
    final String description;

    Rpcs(String id, String description) {
        this.id = id;
        this.description = description;
    }

    static Rpcs byId(String id) {
        for (Rpcs rpc : values()) {
            if (rpc.id.equals(id)) {
                return rpc;
            }
        }
        throw new IllegalArgumentException("unknown rpc " + id + "; one of embed, search, recommend, grade, predict");
    }

    /** A call of this RPC over {@code channel}, each with its own deadline. */
    OpenLoop.Call call(Channel channel, String tenant, List<String> gapIds, long deadlineMillis) {
        return switch (this) {
            case EMBED -> {
                EmbedRequest request = Requests.embedOne();
                yield done -> EmbeddingServiceGrpc.newStub(channel)
                        .withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS).embed(request, observer(done));
            }
            case SEARCH -> {
                SearchCoursesRequest request = Requests.search(tenant);
                yield done -> CatalogServiceGrpc.newStub(channel)
                        .withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
                        .searchCourses(request, observer(done));
            }
            case RECOMMEND -> {
                RecommendForGapsRequest request = Requests.recommend(tenant, gapIds);
                yield done -> RankingServiceGrpc.newStub(channel)
                        .withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
                        .recommendForGaps(request, observer(done));
            }
            case GRADE -> {
                GradeAnswerRequest request = Requests.gradeAnswer();
                yield done -> GradingServiceGrpc.newStub(channel)
                        .withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
                        .gradeAnswer(request, observer(done));
            }
            case PREDICT -> {
                PredictSuccessRequest request = Requests.predictSuccess();
                yield done -> AssignmentServiceGrpc.newStub(channel)
                        .withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
                        .predictSuccess(request, observer(done));
            }
        };
    }

    private static <T> StreamObserver<T> observer(Consumer<Status> done) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
            }

            @Override
            public void onError(Throwable t) {
                done.accept(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                done.accept(Status.OK);
            }
        };
    }
}
