package dev.upskill.journey.steps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upskill.journey.data.AuditLog;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code apply-grade-review}: stores the manager's decisions from the {@code review-grades} form (the Json object
 * {@code review}: for the n-th grade shown, {@code decision<n>} {@code accept} or {@code correct} and {@code score<n>}
 * the corrected score in percent; no decision = accept) on the session's PENDING answers, in the order the form showed
 * them (question order), then computes the levels ({@link AssessmentResults}). An accepted grade counts with the
 * grader's score (ACCEPTED), a corrected one with the manager's (CORRECTED). A correction outside 0 to 100 is the BPMN
 * error {@value #INVALID_REVIEW}: the diagram sends the review back with {@code reviewProblem}. Each decision is
 * audited ({@code REVIEW_GRADE}) with the reviewer (the task's assignee).
 */
@Component
class ApplyGradeReviewWorker implements StepWorker {

    static final String INVALID_REVIEW = "invalid-grade-review";
    static final String REVIEW_TASK = "review-grades";

    private final JdbcClient jdbc;
    private final ScoreAssessmentWorker scoring;
    private final AssessmentResults results;
    private final AuditLog audit;
    private final HistoryService history;
    private final ObjectMapper json;

    ApplyGradeReviewWorker(JdbcClient jdbc, ScoreAssessmentWorker scoring, AssessmentResults results, AuditLog audit,
            HistoryService history, ObjectMapper json) {
        this.jdbc = jdbc;
        this.scoring = scoring;
        this.results = results;
        this.audit = audit;
        this.history = history;
        this.json = json;
    }

    @Override
    public String topic() {
        return "apply-grade-review";
    }

    @Override
    public Map<String, Object> handle(Step step) {
        String tenant = step.tenantId();
        long session = scoring.session(step);
        String reviewer = Reviewers.of(history, step.processInstanceId(), REVIEW_TASK);
        List<Map<String, Object>> pending = scoring.pendingReviews(tenant, session);
        JsonNode review = FormValues.object(json, step.variables().get("review"));
        for (int slot = 1; slot <= pending.size(); slot++) {
            Map<String, Object> grade = pending.get(slot - 1);
            long answerId = ((Number) grade.get("answerId")).longValue();
            String decision = FormValues.text(review, "decision" + slot);
            boolean correct = "correct".equals(decision);
            double score = ((Number) grade.get("graderScore")).doubleValue() / 100;
            if (correct) {
                Double corrected = percent(FormValues.text(review, "score" + slot));
                if (corrected == null) {
                    throw new BusinessOutcome(INVALID_REVIEW, "corrected score missing or out of range",
                            Map.of("reviewProblem", "Question " + grade.get("position")
                                    + ": enter the corrected score as a number from 0 to 100."));
                }
                score = corrected / 100;
            }
            // The exact stored grader score (the form's percent is rounded) when accepted.
            int updated = jdbc.sql("""
                    UPDATE company.assessment_answer
                    SET score = CASE WHEN :correct THEN :score ELSE grader_score END, graded_at = now(),
                        reviewed_at = now(), review_status = CASE WHEN :correct THEN 'CORRECTED' ELSE 'ACCEPTED' END
                    WHERE tenant_id = :t AND id = :a AND review_status = 'PENDING'""")
                    .param("correct", correct).param("score", Math.round(score * 10_000) / 10_000.0)
                    .param("t", tenant).param("a", answerId).update();
            if (updated > 0) {
                audit.recordDetails(tenant, reviewer, "REVIEW_GRADE", "assessment_answer", Long.toString(answerId),
                        Map.of("decision", correct ? "CORRECTED" : "ACCEPTED", "graderScore", grade.get("graderScore"),
                                "score", Math.round(score * 100)));
            }
        }
        Map<String, Object> variables = new HashMap<>();
        variables.put("reviewProblem", "");
        variables.put("gradesToReview", 0);
        variables.put("assessmentScores", write(results.finish(tenant, step.employeeId(), session, reviewer)));
        return variables;
    }

    private static Double percent(String value) {
        if (value == null) {
            return null;
        }
        try {
            double percent = Double.parseDouble(value.strip());
            return Double.isFinite(percent) && percent >= 0 && percent <= 100 ? percent : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
