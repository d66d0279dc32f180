package dev.upskill.benchmarks.load;

import dev.upskill.benchmarks.Sentences;
import dev.upskill.benchmarks.grading.GradingBenchmark;
import dev.upskill.proto.v1.Answer;
import dev.upskill.proto.v1.AssignmentFeatures;
import dev.upskill.proto.v1.AssignmentPair;
import dev.upskill.proto.v1.AssignmentServiceGrpc;
import dev.upskill.proto.v1.CatalogServiceGrpc;
import dev.upskill.proto.v1.CompetencyGap;
import dev.upskill.proto.v1.EmbedRequest;
import dev.upskill.proto.v1.EmbeddingServiceGrpc;
import dev.upskill.proto.v1.EmployeeAvailability;
import dev.upskill.proto.v1.GradeAnswerRequest;
import dev.upskill.proto.v1.GradingServiceGrpc;
import dev.upskill.proto.v1.Level;
import dev.upskill.proto.v1.PredictSuccessRequest;
import dev.upskill.proto.v1.RankingServiceGrpc;
import dev.upskill.proto.v1.RecommendForGapsRequest;
import dev.upskill.proto.v1.SearchCoursesRequest;
import dev.upskill.proto.v1.TaskPriority;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** The RPCs the load generator can drive, each with one fixed request, sent with the async stub. */
enum Rpcs {
    /** EmbeddingService.Embed with {@link Sentences#ONE}. */
    EMBED("embed", "Embed, one sentence"),
    /** CatalogService.SearchCourses, a text query, top 10. */
    SEARCH("search", "SearchCourses, text query, top 10"),
    /** RankingService.RecommendForGaps with 5 gaps of the demo framework, top 10. */
    RECOMMEND("recommend", "RecommendForGaps, 5 gaps, top 10"),
    /** GradingService.GradeAnswer: {@link GradingBenchmark#QUESTION} and its 103-word answer. */
    GRADE("grade", "GradeAnswer, 103 words, 3 key points"),
    /** AssignmentService.PredictSuccess with 3 factors. */
    PREDICT("predict", "PredictSuccess, 3 factors");

    /**
     * Five competencies of the demo framework (inference-server's demo/framework.jsonl): adapt to change,
     * address an audience, Agile project management, analyse big data, analyse software specifications.
     */
    static final List<String> DEMO_GAPS = List.of(
            "http://data.europa.eu/esco/skill/49de9958-2aa4-4eef-a89d-fe5d5bcd28c4",
            "http://data.europa.eu/esco/skill/609a8ac1-9d29-4237-9886-596dbbe7ca8a",
            "http://data.europa.eu/esco/skill/0a9acb6b-1139-4be9-b431-3a80a959f2f4",
            "http://data.europa.eu/esco/skill/47a49cd6-097d-457a-9f7b-c290c14930d5",
            "http://data.europa.eu/esco/skill/f28617ad-afdd-4041-814c-216153a38998");

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
                EmbedRequest request = EmbedRequest.newBuilder().addTexts(Sentences.ONE).build();
                yield done -> EmbeddingServiceGrpc.newStub(channel)
                        .withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS).embed(request, observer(done));
            }
            case SEARCH -> {
                SearchCoursesRequest request = SearchCoursesRequest.newBuilder().setTenantId(tenant)
                        .setText("course to learn how to negotiate with stakeholders").setTopK(10).build();
                yield done -> CatalogServiceGrpc.newStub(channel)
                        .withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
                        .searchCourses(request, observer(done));
            }
            case RECOMMEND -> {
                RecommendForGapsRequest.Builder request = RecommendForGapsRequest.newBuilder().setTenantId(tenant)
                        .setTopK(10);
                for (String gap : gapIds) {
                    request.addGaps(CompetencyGap.newBuilder().setCompetencyId(gap)
                            .setCurrentLevel(Level.LEVEL_BEGINNER).setTargetLevel(Level.LEVEL_ADVANCED));
                }
                RecommendForGapsRequest built = request.build();
                yield done -> RankingServiceGrpc.newStub(channel)
                        .withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
                        .recommendForGaps(built, observer(done));
            }
            case GRADE -> {
                GradeAnswerRequest request = GradeAnswerRequest.newBuilder().setQuestion(GradingBenchmark.QUESTION)
                        .setAnswer(Answer.newBuilder().setId("a1").setText(GradingBenchmark.ANSWER)).build();
                yield done -> GradingServiceGrpc.newStub(channel)
                        .withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
                        .gradeAnswer(request, observer(done));
            }
            case PREDICT -> {
                PredictSuccessRequest request = PredictSuccessRequest.newBuilder().setTopFactors(3)
                        .setPair(AssignmentPair.newBuilder().setEmployeeId("e-42").setTaskId("t-7")
                                .setFeatures(AssignmentFeatures.newBuilder().setEmpExperienceYears(6)
                                        .setEmpWorkloadRatio(0.7).setEmpPerformanceRating(4.1).setEmpActiveTasks(3)
                                        .setEmpAvailability(EmployeeAvailability.EMPLOYEE_AVAILABILITY_LIMITED)
                                        .setTaskPriority(TaskPriority.TASK_PRIORITY_HIGH).setTaskComplexityScore(3)
                                        .setTaskEstimatedHours(16).setTaskUrgencyScore(0.8).setSkillMatchScore(0.85)
                                        .setWorkloadCompatibility(0.6)))
                        .build();
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
