package dev.upskill.benchmarks.rpc;

import dev.upskill.benchmarks.Sentences;
import dev.upskill.benchmarks.grading.GradingBenchmark;
import dev.upskill.inference.prediction.LabelledRow;
import dev.upskill.inference.prediction.SampleData;
import dev.upskill.proto.v1.Answer;
import dev.upskill.proto.v1.AssignmentFeatures;
import dev.upskill.proto.v1.AssignmentPair;
import dev.upskill.proto.v1.CompetencyGap;
import dev.upskill.proto.v1.EmbedRequest;
import dev.upskill.proto.v1.EmployeeAvailability;
import dev.upskill.proto.v1.GradeAnswerRequest;
import dev.upskill.proto.v1.GradeBatchRequest;
import dev.upskill.proto.v1.Level;
import dev.upskill.proto.v1.PredictSuccessBatchRequest;
import dev.upskill.proto.v1.PredictSuccessRequest;
import dev.upskill.proto.v1.RankCoursesRequest;
import dev.upskill.proto.v1.RecommendForGapsRequest;
import dev.upskill.proto.v1.SearchCoursesRequest;
import dev.upskill.proto.v1.TaskPriority;
import dev.upskill.proto.v1.TrainModelRequest;
import dev.upskill.proto.v1.TrainingRow;
import dev.upskill.proto.v1.TrainingRows;
import dev.upskill.proto.v1.TrainingSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * The fixed requests the benchmarks and the load generator send, built in one place so that every measurement of
 * an RPC sends the same thing. Each method's Javadoc states the input's size.
 */
public final class Requests {

    /**
     * Five competencies of the demo framework (inference-server's demo/framework.jsonl, also the framework of the
     * 100k-course fixture): adapt to change, address an audience, Agile project management, analyse big data,
     * analyse software specifications.
     */
    public static final List<String> DEMO_GAPS = List.of(
            "http://data.europa.eu/esco/skill/49de9958-2aa4-4eef-a89d-fe5d5bcd28c4",
            "http://data.europa.eu/esco/skill/609a8ac1-9d29-4237-9886-596dbbe7ca8a",
            "http://data.europa.eu/esco/skill/0a9acb6b-1139-4be9-b431-3a80a959f2f4",
            "http://data.europa.eu/esco/skill/47a49cd6-097d-457a-9f7b-c290c14930d5",
            "http://data.europa.eu/esco/skill/f28617ad-afdd-4041-814c-216153a38998");

    /** The text query of {@link #search}: 7 words. */
    public static final String SEARCH_TEXT = "course to learn how to negotiate with stakeholders";

    private Requests() {
    }

    /** Embed: {@link Sentences#ONE}, one sentence of 12 words (17 tokens). */
    public static EmbedRequest embedOne() {
        return EmbedRequest.newBuilder().addTexts(Sentences.ONE).build();
    }

    /** EmbedStream: 32 requests of one sentence each, the sentences of {@link Sentences#BATCH} (11-28 tokens). */
    public static List<EmbedRequest> embedStream() {
        return Sentences.BATCH.stream().map(s -> EmbedRequest.newBuilder().addTexts(s).build()).toList();
    }

    /** SearchCourses: {@link #SEARCH_TEXT} (hybrid: dense + BM25), no filter, top 10. */
    public static SearchCoursesRequest search(String tenant) {
        return SearchCoursesRequest.newBuilder().setTenantId(tenant).setText(SEARCH_TEXT).setTopK(10).build();
    }

    /** One gap per competency, beginner → advanced, equal weights. */
    public static List<CompetencyGap> gaps(List<String> competencyIds) {
        return competencyIds.stream().map(id -> CompetencyGap.newBuilder().setCompetencyId(id)
                .setCurrentLevel(Level.LEVEL_BEGINNER).setTargetLevel(Level.LEVEL_ADVANCED).build()).toList();
    }

    /**
     * RecommendForGaps: the gaps (beginner → advanced), no learner context and no filter (so nothing is logged),
     * the default 50 candidates per gap, top 10, no diversity.
     */
    public static RecommendForGapsRequest recommend(String tenant, List<String> gapIds) {
        return RecommendForGapsRequest.newBuilder().setTenantId(tenant).addAllGaps(gaps(gapIds)).setTopK(10).build();
    }

    /** RankCourses: the gaps (beginner → advanced) and the given candidate ids, no learner context, top 10. */
    public static RankCoursesRequest rank(String tenant, List<String> gapIds, List<String> candidateIds) {
        return RankCoursesRequest.newBuilder().setTenantId(tenant).addAllGaps(gaps(gapIds))
                .addAllCandidateCourseIds(candidateIds).setTopK(10).build();
    }

    /** GradeAnswer: {@link GradingBenchmark#QUESTION} (one reference, 3 key points) and its 103-word answer. */
    public static GradeAnswerRequest gradeAnswer() {
        return GradeAnswerRequest.newBuilder().setQuestion(GradingBenchmark.QUESTION)
                .setAnswer(Answer.newBuilder().setId("a1").setText(GradingBenchmark.ANSWER)).build();
    }

    /** GradeBatch: {@link GradingBenchmark#QUESTION} and {@link GradingBenchmark#rotatedAnswers} (103 words each). */
    public static GradeBatchRequest gradeBatch(int answers) {
        return GradeBatchRequest.newBuilder().setQuestion(GradingBenchmark.QUESTION)
                .addAllAnswers(GradingBenchmark.rotatedAnswers(answers)).build();
    }

    /** PredictSuccess: one pair with all 11 features given, 3 top factors. */
    public static PredictSuccessRequest predictSuccess() {
        return PredictSuccessRequest.newBuilder().setTopFactors(3)
                .setPair(AssignmentPair.newBuilder().setEmployeeId("e-42").setTaskId("t-7")
                        .setFeatures(AssignmentFeatures.newBuilder().setEmpExperienceYears(6)
                                .setEmpWorkloadRatio(0.7).setEmpPerformanceRating(4.1).setEmpActiveTasks(3)
                                .setEmpAvailability(EmployeeAvailability.EMPLOYEE_AVAILABILITY_LIMITED)
                                .setTaskPriority(TaskPriority.TASK_PRIORITY_HIGH).setTaskComplexityScore(3)
                                .setTaskEstimatedHours(16).setTaskUrgencyScore(0.8).setSkillMatchScore(0.85)
                                .setWorkloadCompatibility(0.6)))
                .build();
    }

    /**
     * PredictSuccessBatch: one message of {@code pairs} pairs from {@link SampleData} (seed 7, 2 % of the values
     * missing), no top factors (the contract's advice for throughput).
     */
    public static PredictSuccessBatchRequest predictBatch(int pairs) {
        PredictSuccessBatchRequest.Builder batch = PredictSuccessBatchRequest.newBuilder().setTopFactors(0);
        for (LabelledRow row : SampleData.generate(pairs, 7, 0.02)) {
            batch.addPairs(AssignmentPair.newBuilder().setFeatures(features(row.features())));
        }
        return batch.build();
    }

    /**
     * TrainModel: a dry run (train and evaluate, never swap, so the serving model stays), seed 42, on {@code rows}
     * rows from {@link SampleData} (seed 11, 2 % missing), sent in one message.
     */
    public static List<TrainModelRequest> trainModel(int rows) {
        TrainingRows.Builder batch = TrainingRows.newBuilder();
        for (LabelledRow row : SampleData.generate(rows, 11, 0.02)) {
            batch.addRows(TrainingRow.newBuilder().setFeatures(features(row.features())).setSuccess(row.success()));
        }
        List<TrainModelRequest> messages = new ArrayList<>();
        messages.add(TrainModelRequest.newBuilder().setSpec(TrainingSpec.newBuilder().setDryRun(true).setSeed(42))
                .build());
        messages.add(TrainModelRequest.newBuilder().setRows(batch).build());
        return messages;
    }

    /** A model row (NaN = missing, categories by enum number) as the wire's features. */
    private static AssignmentFeatures features(double[] row) {
        AssignmentFeatures.Builder f = AssignmentFeatures.newBuilder();
        if (!Double.isNaN(row[0])) f.setEmpExperienceYears(row[0]);
        if (!Double.isNaN(row[1])) f.setEmpWorkloadRatio(row[1]);
        if (!Double.isNaN(row[2])) f.setEmpPerformanceRating(row[2]);
        if (!Double.isNaN(row[3])) f.setEmpActiveTasks((int) row[3]);
        if (!Double.isNaN(row[4])) f.setEmpAvailabilityValue((int) row[4]);
        if (!Double.isNaN(row[5])) f.setTaskPriorityValue((int) row[5]);
        if (!Double.isNaN(row[6])) f.setTaskComplexityScore(row[6]);
        if (!Double.isNaN(row[7])) f.setTaskEstimatedHours(row[7]);
        if (!Double.isNaN(row[8])) f.setTaskUrgencyScore(row[8]);
        if (!Double.isNaN(row[9])) f.setSkillMatchScore(row[9]);
        if (!Double.isNaN(row[10])) f.setWorkloadCompatibility(row[10]);
        return f.build();
    }
}
