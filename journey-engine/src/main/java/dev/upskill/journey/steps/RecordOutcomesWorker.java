package dev.upskill.journey.steps;

import dev.upskill.client.inference.InferenceClient;
import dev.upskill.journey.data.CompetencyGaps;
import dev.upskill.journey.data.JourneyGaps;
import dev.upskill.journey.data.LearningPaths;
import dev.upskill.journey.inference.Recommendations;
import dev.upskill.proto.v1.GapClosure;
import dev.upskill.proto.v1.Level;
import dev.upskill.proto.v1.OutcomeStatus;
import dev.upskill.proto.v1.RecordOutcomeRequest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code record-outcomes}: after a re-assessment, tells the inference server's RankingService what came of each course
 * the employee completed in this cycle: the gap it addressed, its level before (this cycle's gap analysis), after (the
 * re-assessment) and the target. That is the ranking's training signal. Each outcome's id is derived from this task's
 * id and the course, so a step delivered again records nothing twice.
 */
@Component
class RecordOutcomesWorker implements StepWorker {

    private final LearningPaths paths;
    private final JourneyGaps gaps;
    private final CompetencyGaps learners;
    private final InferenceClient inference;
    private final JdbcClient jdbc;

    RecordOutcomesWorker(LearningPaths paths, JourneyGaps gaps, CompetencyGaps learners, InferenceClient inference,
            JdbcClient jdbc) {
        this.paths = paths;
        this.gaps = gaps;
        this.learners = learners;
        this.inference = inference;
        this.jdbc = jdbc;
    }

    @Override
    public String topic() {
        return "record-outcomes";
    }

    @Override
    public Map<String, Object> handle(Step step) {
        String tenant = step.tenantId();
        String journey = step.journeyId();
        Map<String, JourneyGaps.Gap> before = new HashMap<>();
        gaps.latest(tenant, journey).forEach(g -> before.put(g.competencyId(), g));
        List<Integer> scale = learners.of(tenant, step.employeeId()).scale();
        String requestId = jdbc.sql("""
                SELECT coalesce(recommendation_request_id, '') FROM company.learning_path
                WHERE tenant_id = :t AND employee_id = :e AND status NOT IN ('REJECTED', 'SUPERSEDED')
                ORDER BY version DESC LIMIT 1""")
                .param("t", tenant).param("e", step.employeeId()).query(String.class).optional().orElse("");
        int recorded = 0;
        for (LearningPaths.Item item : paths.current(tenant, step.employeeId()).items()) {
            if (!item.status().equals("DONE")) {
                continue;
            }
            RecordOutcomeRequest.Builder outcome = RecordOutcomeRequest.newBuilder()
                    .setTenantId(tenant)
                    .setOutcomeId(outcomeId(step.taskId(), item.courseId()))
                    .setEmployeeId(step.employeeId())
                    .setCourseId(item.courseId())
                    .setStatus(OutcomeStatus.OUTCOME_STATUS_COMPLETED)
                    .setRecommendationRequestId(requestId);
            JourneyGaps.Gap gap = item.competencyId() == null ? null : before.get(item.competencyId());
            if (gap != null) {
                Level from = Recommendations.level(gap.currentLevel(), scale);
                Level target = Recommendations.level(gap.requiredLevel(), scale);
                if (target.getNumber() > from.getNumber()) {
                    outcome.addGapClosures(GapClosure.newBuilder().setCompetencyId(gap.competencyId())
                            .setLevelBefore(from)
                            .setLevelAfter(Recommendations.level(levelNow(tenant, step.employeeId(),
                                    gap.competencyId()), scale))
                            .setTargetLevel(target));
                }
            }
            inference.recordOutcome(outcome.build());
            recorded++;
        }
        return Map.of("outcomesRecorded", recorded);
    }

    private int levelNow(String tenant, String employee, String competency) {
        return jdbc.sql("""
                SELECT level FROM company.employee_competency WHERE tenant_id = :t AND employee_id = :e
                AND competency_id = :c""")
                .param("t", tenant).param("e", employee).param("c", competency).query(Integer.class).optional()
                .orElse(0);
    }

    /** Stable per task and course, at most 128 characters as RecordOutcome requires. */
    static String outcomeId(String taskId, String courseId) {
        String id = taskId + ":" + courseId;
        if (id.length() <= 128) {
            return id;
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(id.getBytes(StandardCharsets.UTF_8));
            return taskId.substring(0, Math.min(taskId.length(), 60)) + ":" + HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
