package dev.upskill.journey.steps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upskill.client.inference.InferenceClient;
import dev.upskill.journey.llm.AnswerFeedback;
import dev.upskill.journey.llm.LlmFallbacks;
import dev.upskill.journey.llm.OllamaJson;
import dev.upskill.proto.v1.Answer;
import dev.upskill.proto.v1.Grade;
import dev.upskill.proto.v1.GradeAnswerRequest;
import dev.upskill.proto.v1.GradeAnswerResponse;
import dev.upskill.proto.v1.GradingQuestion;
import dev.upskill.proto.v1.KeyPoint;
import dev.upskill.proto.v1.KeyPointResult;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code score-assessment}: stores and scores what the employee submitted in the {@code take-assessment} form: the
 * Json object {@code answers} with {@code choice<n>} (the option's value, "0" for the first) for multiple-choice
 * question n and {@code answer<n>} for free-text question n (n = the question's position).
 * <ul>
 *   <li>Multiple choice: 1 for the correct option, else 0.</li>
 *   <li>Free text: graded by the inference server's {@code GradingService.GradeAnswer} against the question's reference
 *   answers and key points (score 0 to 1, confidence, matched and missing key points, hints: the answer's
 *   {@code evidence}). Answers longer than the grader's {@value #MAX_ANSWER_CHARS} characters are cut to that length
 *   (stored cut, with {@code truncated} in the evidence): the form refuses longer input, so only a client bypassing
 *   it is affected. A grade HR's {@code grading-review} decision sends to the manager is stored PENDING and does not
 *   count yet.</li>
 *   <li>Unanswered (no item, no choice, an unknown option, blank text): stored as an empty answer scoring 0, not
 *   sent to the grader.</li>
 * </ul>
 * With grades to review it sets {@code gradesToReview} (their number), {@code reviewGrades} (a Json object the
 * review-grades form renders, {@code g1}, {@code g2}, ... in question order) and {@code review} (the form's decisions,
 * preset to accept the grader's score) and leaves the levels to {@code apply-grade-review}; otherwise it computes
 * the levels ({@link AssessmentResults}) and sets {@code assessmentScores}. Answers are written once per question (a redelivered
 * step finds them stored); the grader calls are reads, safe to repeat.
 * <p>
 * With the LLM steps on, each graded free-text answer also gets feedback for the employee (see {@link #feedback}),
 * and {@code answerFeedback} (Json, {@code q<position>}) holds the session's.
 */
@Component
class ScoreAssessmentWorker implements StepWorker {

    /** GradingService's {@code limits.max-text-chars} default. */
    static final int MAX_ANSWER_CHARS = 10_000;

    private final JdbcClient jdbc;
    private final InferenceClient inference;
    private final AssessmentDecisions decisions;
    private final AssessmentResults results;
    private final ObjectMapper json;
    private final AnswerFeedback feedback;
    private final LlmFallbacks fallbacks;

    ScoreAssessmentWorker(JdbcClient jdbc, InferenceClient inference, AssessmentDecisions decisions,
            AssessmentResults results, ObjectMapper json, AnswerFeedback feedback, LlmFallbacks fallbacks) {
        this.feedback = feedback;
        this.fallbacks = fallbacks;
        this.jdbc = jdbc;
        this.inference = inference;
        this.decisions = decisions;
        this.results = results;
        this.json = json;
    }

    @Override
    public String topic() {
        return "score-assessment";
    }

    record Question(long id, int position, String competencyName, String type, String text, List<String> options,
            Integer correctOption, List<String> referenceAnswers, List<String> keyPoints) {
    }

    @Override
    public Map<String, Object> handle(Step step) {
        String tenant = step.tenantId();
        long session = session(step);
        Map<String, Object> variables = new HashMap<>();
        if (session <= 0) {
            putReview(variables, List.of());
            variables.put("assessmentScores", "[]");
            return variables;
        }
        List<Question> questions = jdbc.sql("""
                SELECT id, position, (SELECT name FROM company.competency c
                                      WHERE c.tenant_id = q.tenant_id AND c.id = q.competency_id),
                       type, question, options, correct_option, reference_answers, key_points
                FROM company.assessment_question q WHERE tenant_id = :t AND session_id = :s ORDER BY position""")
                .param("t", tenant).param("s", session).query(ScoreAssessmentWorker::question).list();
        JsonNode answers = FormValues.object(json, step.variables().get("answers"));
        for (Question q : questions) {
            boolean stored = jdbc.sql("""
                    SELECT EXISTS (SELECT 1 FROM company.assessment_answer
                                   WHERE tenant_id = :t AND question_id = :q)""")
                    .param("t", tenant).param("q", q.id()).query(Boolean.class).single();
            if (!stored) {
                store(step, q, answers, variables);
            }
        }
        if (feedback.enabled()) {
            variables.put("answerFeedback", FormValues.json(json, answerFeedback(tenant, session)));
        }
        jdbc.sql("""
                UPDATE company.assessment_session SET status = 'SUBMITTED', submitted_at = now()
                WHERE tenant_id = :t AND id = :s AND status = 'OPEN'""")
                .param("t", tenant).param("s", session).update();
        List<Map<String, Object>> pending = pendingReviews(tenant, session);
        putReview(variables, pending);
        variables.put("assessmentScores", pending.isEmpty()
                ? write(results.finish(tenant, step.employeeId(), session, "journey"))
                : "[]");
        return variables;
    }

    /**
     * The session prepare-assessment opened in this stage's process instance for the employee; 0 when it opened none.
     * Looked up rather than read from {@code assessmentSessionId}: the employee completes the form, and a variable
     * submitted with it must not point the scoring at someone else's session.
     */
    long session(Step step) {
        return jdbc.sql("""
                SELECT id FROM company.assessment_session
                WHERE tenant_id = :t AND employee_id = :e AND process_instance_id = :p""")
                .param("t", step.tenantId()).param("e", step.employeeId()).param("p", step.processInstanceId())
                .query(Long.class).optional().orElse(0L);
    }

    private static Question question(ResultSet rs, int row) throws SQLException {
        return new Question(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5),
                List.of((String[]) rs.getArray(6).getArray()), rs.getObject(7) == null ? null : rs.getInt(7),
                List.of((String[]) rs.getArray(8).getArray()), List.of((String[]) rs.getArray(9).getArray()));
    }

    /** The review form's variables: the grades as slots g1, g2, ... and its decisions preset to accept. */
    private void putReview(Map<String, Object> variables, List<Map<String, Object>> pending) {
        Map<String, Object> slots = new LinkedHashMap<>();
        Map<String, Object> decisions = new LinkedHashMap<>();
        for (int i = 0; i < pending.size(); i++) {
            slots.put("g" + (i + 1), pending.get(i));
            decisions.put("decision" + (i + 1), "accept");
            decisions.put("score" + (i + 1), pending.get(i).get("graderScore"));
        }
        variables.put("gradesToReview", pending.size());
        variables.put("reviewGrades", FormValues.json(json, slots));
        variables.put("review", FormValues.json(json, decisions));
    }

    private void store(Step step, Question q, JsonNode answers, Map<String, Object> variables) {
        String tenant = step.tenantId();
        String answer = "";
        Double score = 0.0;
        Double graderScore = null;
        Double confidence = null;
        String review = "NONE";
        Map<String, Object> evidence = new LinkedHashMap<>();
        if (q.type().equals("MULTIPLE_CHOICE")) {
            String choice = FormValues.text(answers, "choice" + q.position());
            Integer index = optionIndex(choice, q.options().size());
            if (index == null) {
                evidence.put("unanswered", true);
            } else {
                answer = q.options().get(index);
                score = index.equals(q.correctOption()) ? 1.0 : 0.0;
                evidence.put("choice", index);
            }
            evidence.put("correctOption", q.correctOption());
        } else {
            String text = FormValues.text(answers, "answer" + q.position());
            if (text == null || text.isBlank()) {
                evidence.put("unanswered", true);
            } else {
                answer = text.strip();
                if (answer.length() > MAX_ANSWER_CHARS) {
                    answer = answer.substring(0, MAX_ANSWER_CHARS);
                    evidence.put("truncated", true);
                }
                Grade grade = grade(q, answer, evidence);
                if (feedback.enabled()) {
                    feedback(step, q, answer, evidence, variables);
                }
                graderScore = Math.clamp(grade.getScore() / grade.getMaxScore(), 0.0, 1.0);
                confidence = Math.clamp((double) grade.getConfidence(), 0.0, 1.0);
                if (decisions.needsReview(confidence, grade.getOffTopic())) {
                    review = "PENDING";
                    score = null;
                } else {
                    score = graderScore;
                }
            }
        }
        jdbc.sql("""
                INSERT INTO company.assessment_answer (tenant_id, question_id, answer, score, confidence, graded_at,
                    grader_score, evidence, review_status)
                VALUES (:t, :q, :answer, :score, :confidence, CASE WHEN :counted THEN now() END, :graderScore,
                    CAST(:evidence AS jsonb), :review)
                ON CONFLICT (tenant_id, question_id) DO NOTHING""")
                .param("t", tenant).param("q", q.id()).param("answer", answer)
                .param("score", score == null ? null : round(score))
                .param("confidence", confidence == null ? null : round(confidence))
                .param("counted", score != null)
                .param("graderScore", graderScore == null ? null : round(graderScore))
                .param("evidence", write(evidence)).param("review", review)
                .update();
    }

    /**
     * With the LLM steps on: feedback for the employee on a graded free-text answer, built on the grader's matched and
     * missing key points, in the evidence ({@code feedback}, {@code feedbackBy} llm or template). The template serves
     * when the LLM fails, and {@code answerFeedbackLlmFallback} records why.
     */
    @SuppressWarnings("unchecked")
    private void feedback(Step step, Question q, String answer, Map<String, Object> evidence,
            Map<String, Object> variables) {
        List<String> matched = (List<String>) evidence.get("matchedKeyPoints");
        List<String> missing = (List<String>) evidence.get("missingKeyPoints");
        OllamaJson.Outcome<String> outcome = feedback.write(q.text(), answer, matched, missing);
        if (outcome.ok()) {
            evidence.put("feedback", outcome.value());
            evidence.put("feedbackBy", "llm");
        } else {
            evidence.put("feedback", AnswerFeedback.template(matched, missing));
            evidence.put("feedbackBy", "template");
            variables.put(fallbacks.record(step.tenantId(), step.journeyId(), topic(), LlmFallbacks.ANSWER_FEEDBACK,
                    outcome.fallbackReason()), outcome.fallbackReason());
        }
    }

    /** The feedback on the session's free-text answers, as {@code q<position>}. */
    private Map<String, Object> answerFeedback(String tenant, long session) {
        Map<String, Object> texts = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT q.position, a.evidence ->> 'feedback' FROM company.assessment_answer a
                JOIN company.assessment_question q ON q.tenant_id = a.tenant_id AND q.id = a.question_id
                WHERE a.tenant_id = :t AND q.session_id = :s AND a.evidence ->> 'feedback' IS NOT NULL ORDER BY q.position""")
                .param("t", tenant).param("s", session)
                .query((rs, n) -> texts.put("q" + rs.getInt(1), rs.getString(2))).list();
        return texts;
    }

    private static Integer optionIndex(String choice, int options) {
        if (choice == null) {
            return null;
        }
        try {
            int index = Integer.parseInt(choice.strip());
            return index >= 0 && index < options ? index : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Grade grade(Question q, String answer, Map<String, Object> evidence) {
        GradingQuestion.Builder question = GradingQuestion.newBuilder()
                .setId("assessment-question-" + q.id())
                .setText(q.text())
                .addAllReferenceAnswers(q.referenceAnswers())
                .setMaxScore(1.0);
        for (int i = 0; i < q.keyPoints().size(); i++) {
            question.addKeyPoints(KeyPoint.newBuilder().setId("kp" + i).setText(q.keyPoints().get(i)));
        }
        GradeAnswerResponse response = inference.grade(GradeAnswerRequest.newBuilder().setQuestion(question)
                .setAnswer(Answer.newBuilder().setId(Long.toString(q.id())).setText(answer)).build());
        Grade grade = response.getGrade();
        List<String> matched = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (KeyPointResult result : grade.getKeyPointsList()) {
            if (result.getIndex() >= 0 && result.getIndex() < q.keyPoints().size()) {
                (result.getMatched() ? matched : missing).add(q.keyPoints().get(result.getIndex()));
            }
        }
        evidence.put("graderScore", round(Math.clamp(grade.getScore() / grade.getMaxScore(), 0.0, 1.0)));
        evidence.put("confidence", round(grade.getConfidence()));
        evidence.put("matchedKeyPoints", matched);
        evidence.put("missingKeyPoints", missing);
        evidence.put("hints", grade.getHintsList());
        evidence.put("offTopic", grade.getOffTopic());
        if (grade.getOffTopic()) {
            evidence.put("offTopicDetail", grade.getOffTopicDetail());
        }
        evidence.put("restatesQuestion", grade.getRestatesQuestion());
        evidence.put("model", response.getMeta().getModel().getName() + " "
                + response.getMeta().getModel().getVersion());
        return grade;
    }

    /** The session's grades waiting for the manager, as the review-grades form shows them (scores in percent). */
    List<Map<String, Object>> pendingReviews(String tenant, long session) {
        return jdbc.sql("""
                SELECT a.id, q.position, c.name, q.question, a.answer, a.grader_score, a.confidence, a.evidence::text
                FROM company.assessment_answer a
                JOIN company.assessment_question q ON q.tenant_id = a.tenant_id AND q.id = a.question_id
                JOIN company.competency c ON c.tenant_id = q.tenant_id AND c.id = q.competency_id
                WHERE a.tenant_id = :t AND q.session_id = :s AND a.review_status = 'PENDING'
                ORDER BY q.position""")
                .param("t", tenant).param("s", session)
                .query((rs, n) -> {
                    JsonNode evidence = read(rs.getString(8));
                    int percent = (int) Math.round(rs.getDouble(6) * 100);
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("answerId", rs.getLong(1));
                    item.put("position", rs.getInt(2));
                    item.put("competency", rs.getString(3));
                    item.put("question", rs.getString(4));
                    item.put("answer", rs.getString(5));
                    item.put("graderScore", percent);
                    item.put("confidence", (int) Math.round(rs.getDouble(7) * 100));
                    item.put("matchedKeyPoints", bullets(evidence.path("matchedKeyPoints")));
                    item.put("missingKeyPoints", bullets(evidence.path("missingKeyPoints")));
                    item.put("hints", bullets(evidence.path("hints")));
                    return item;
                })
                .list();
    }

    private static String bullets(JsonNode array) {
        List<String> lines = new ArrayList<>();
        array.forEach(v -> lines.add("- " + v.asText()));
        return lines.isEmpty() ? "none" : String.join("\n", lines);
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode read(String text) {
        try {
            return text == null ? json.createObjectNode() : json.readTree(text);
        } catch (JsonProcessingException e) {
            return json.createObjectNode();
        }
    }
}
