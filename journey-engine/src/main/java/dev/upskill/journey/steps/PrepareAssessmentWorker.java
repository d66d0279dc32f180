package dev.upskill.journey.steps;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upskill.journey.data.Employees;
import dev.upskill.journey.data.QuestionBank;
import dev.upskill.journey.llm.LlmFallbacks;
import dev.upskill.journey.llm.OllamaJson;
import dev.upskill.journey.llm.QuestionWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code prepare-assessment}: picks the questions the employee answers in the {@code take-assessment} form and opens
 * an {@code assessment_session} for this stage's process instance with them.
 * <ul>
 *   <li>What is assessed: on the first assessment every competency the employee's role or team requires (the higher
 *   level where both do), essential ones first; on a re-assessment ({@code reassessment} true, set by the journey's
 *   call activity) the gaps the latest gap analysis stored ({@code company.journey_gap}), heaviest first.</li>
 *   <li>Which questions: the competency's approved bank questions (the starter bank is imported for it first when
 *   the tenant has none, see {@link QuestionBank}) at the required level, or the nearest level the bank has (the
 *   higher one on a tie); questions the employee was asked in earlier sessions last; both types alternating.
 *   {@code questionsPerCompetency} [2] per competency and {@code maxQuestions} [10] in all; competencies beyond the
 *   cap are not assessed this time.</li>
 *   <li>No question at all: no session; {@code questionCount} 0 and the diagram ends the stage without the form (the
 *   levels stay as they are, and gap analysis works from them).</li>
 * </ul>
 * Sets {@code assessmentSessionId}, {@code questionCount}, {@code questions} (a Json object the form renders, one
 * entry per question {@code q1}, {@code q2}, ... with its id, position, competency name, type, text and choices as
 * {@code {label, value}}; never the correct option) and an empty {@code answers} (Json) for the form to fill. A step
 * delivered again finds the session it created and sets the same variables.
 * <p>
 * With the LLM steps on, a competency short of approved questions at its level gets new ones written by the LLM,
 * stored unapproved for HR or the manager to approve (see {@link #generate}); {@code generatedQuestionsApproval} is
 * the approval's process instance.
 */
@Component
class PrepareAssessmentWorker implements StepWorker {

    static final int DEFAULT_PER_COMPETENCY = 2;
    static final int DEFAULT_MAX_QUESTIONS = 10;
    /** Question slots in bpmn/take-assessment.form (and the template's maximum of maxQuestions). */
    static final int FORM_SLOTS = 50;

    record Target(String competencyId, String name, int level) {
    }

    private final JdbcClient jdbc;
    private final QuestionBank bank;
    private final Employees employees;
    private final ObjectMapper json;
    private final QuestionWriter writer;
    private final LlmFallbacks fallbacks;
    private final ApproveGeneratedQuestionsWorker approvals;

    PrepareAssessmentWorker(JdbcClient jdbc, QuestionBank bank, Employees employees, ObjectMapper json,
            QuestionWriter writer, LlmFallbacks fallbacks, ApproveGeneratedQuestionsWorker approvals) {
        this.writer = writer;
        this.fallbacks = fallbacks;
        this.approvals = approvals;
        this.jdbc = jdbc;
        this.bank = bank;
        this.employees = employees;
        this.json = json;
    }

    @Override
    public String topic() {
        return "prepare-assessment";
    }

    @Override
    public Map<String, Object> handle(Step step) {
        String tenant = step.tenantId();
        String employee = employees.find(tenant, "employeeId", step.employeeId()).id();
        int perCompetency = Math.clamp(step.intVariable("questionsPerCompetency", DEFAULT_PER_COMPETENCY), 1, 10);
        int maxQuestions = Math.clamp(step.intVariable("maxQuestions", DEFAULT_MAX_QUESTIONS), 1, FORM_SLOTS);
        boolean reassessment = Boolean.TRUE.equals(step.variables().get("reassessment"));

        Long session = jdbc.sql("""
                SELECT id FROM company.assessment_session
                WHERE tenant_id = :t AND employee_id = :e AND process_instance_id = :p""")
                .param("t", tenant).param("e", employee).param("p", step.processInstanceId())
                .query(Long.class).optional().orElse(null);
        Map<String, Object> variables = new HashMap<>();
        if (session == null) {
            List<Long> generated = new ArrayList<>();
            List<Picked> picked = pick(step, employee, targets(tenant, employee, reassessment), perCompetency,
                    maxQuestions, variables, generated);
            if (!generated.isEmpty()) {
                variables.put("generatedQuestionsApproval", approvals.start(step, generated));
            }
            if (picked.isEmpty()) {
                variables.putAll(Map.of("assessmentSessionId", 0L, "questionCount", 0,
                        "questions", FormValues.json(json, Map.of()), "answers", FormValues.json(json, Map.of())));
                return variables;
            }
            session = create(tenant, employee, step.processInstanceId(), picked);
        }
        List<Map<String, Object>> questions = formQuestions(tenant, session);
        Map<String, Object> slots = new LinkedHashMap<>();
        questions.forEach(q -> slots.put("q" + q.get("position"), q));
        variables.put("assessmentSessionId", session);
        variables.put("questionCount", questions.size());
        variables.put("questions", FormValues.json(json, slots));
        // The form's answers start empty (an earlier assessment's stay in its own session only).
        variables.put("answers", FormValues.json(json, Map.of()));
        return variables;
    }

    /** The competencies to assess and the level each is assessed at, in order of importance. */
    List<Target> targets(String tenant, String employee, boolean reassessment) {
        if (reassessment) {
            List<Target> gaps = jdbc.sql("""
                    SELECT g.competency_id, c.name, g.required_level
                    FROM company.journey_gap g
                    JOIN company.competency c ON c.tenant_id = g.tenant_id AND c.id = g.competency_id
                    WHERE g.tenant_id = :t AND g.employee_id = :e
                      AND (g.process_instance_id, g.cycle) = (
                          SELECT process_instance_id, cycle FROM company.journey_gap
                          WHERE tenant_id = :t AND employee_id = :e ORDER BY id DESC LIMIT 1)
                    ORDER BY g.weight DESC, g.competency_id""")
                    .param("t", tenant).param("e", employee)
                    .query((rs, n) -> new Target(rs.getString(1), rs.getString(2), rs.getInt(3))).list();
            if (!gaps.isEmpty()) {
                return gaps;
            }
        }
        return jdbc.sql("""
                WITH required AS (
                    SELECT r.competency_id, r.required_level, r.importance FROM company.role_competency_requirement r
                    JOIN company.employee e ON e.tenant_id = r.tenant_id AND e.role_id = r.role_id
                    WHERE e.tenant_id = :t AND e.id = :e
                    UNION ALL
                    SELECT r.competency_id, r.required_level, r.importance FROM company.team_competency_requirement r
                    JOIN company.employee e ON e.tenant_id = r.tenant_id AND e.team_id = r.team_id
                    WHERE e.tenant_id = :t AND e.id = :e)
                SELECT r.competency_id, c.name, max(r.required_level), bool_or(r.importance = 'ESSENTIAL') AS essential
                FROM required r JOIN company.competency c ON c.tenant_id = :t AND c.id = r.competency_id
                GROUP BY r.competency_id, c.name
                ORDER BY essential DESC, r.competency_id""")
                .param("t", tenant).param("e", employee)
                .query((rs, n) -> new Target(rs.getString(1), rs.getString(2), rs.getInt(3))).list();
    }

    record Picked(Target target, QuestionBank.Question question) {
    }

    private List<Picked> pick(Step step, String employee, List<Target> targets, int perCompetency, int max,
            Map<String, Object> variables, List<Long> generated) {
        String tenant = step.tenantId();
        Set<Long> askedBefore = new HashSet<>(jdbc.sql("""
                SELECT q.question_bank_id FROM company.assessment_question q
                JOIN company.assessment_session s ON s.tenant_id = q.tenant_id AND s.id = q.session_id
                WHERE s.tenant_id = :t AND s.employee_id = :e AND q.question_bank_id IS NOT NULL""")
                .param("t", tenant).param("e", employee).query(Long.class).list());
        List<Picked> picked = new ArrayList<>();
        for (Target target : targets) {
            int room = Math.min(perCompetency, max - picked.size());
            if (room <= 0) {
                break;
            }
            List<QuestionBank.Question> questions = bank.approvedWithStarter(tenant, target.competencyId());
            if (writer.enabled()) {
                generate(step, target, questions, perCompetency, variables, generated);
            }
            choose(questions, target.level(), askedBefore, room).forEach(q -> picked.add(new Picked(target, q)));
        }
        return picked;
    }

    /**
     * With the LLM steps on: when the bank has fewer than {@code perCompetency} approved questions at the target's
     * level and none waiting for approval there, has the LLM write {@code perCompetency} and stores them unapproved
     * (asked only once approved, see {@link ApproveGeneratedQuestionsWorker}). This assessment uses the bank as it
     * is. A failed generation is recorded ({@code questionGenerationLlmFallback}).
     */
    private void generate(Step step, Target target, List<QuestionBank.Question> approved, int perCompetency,
            Map<String, Object> variables, List<Long> generated) {
        String tenant = step.tenantId();
        long atLevel = approved.stream().filter(q -> q.level() == target.level()).count();
        if (atLevel >= perCompetency || bank.awaitingApproval(tenant, target.competencyId(), target.level()) > 0) {
            return;
        }
        String description = jdbc.sql("SELECT description FROM company.competency WHERE tenant_id = :t AND id = :c")
                .param("t", tenant).param("c", target.competencyId()).query(String.class).optional().orElse(null);
        List<QuestionWriter.Level> scale = jdbc.sql("""
                SELECT level, name, COALESCE(description, '') FROM company.proficiency_level
                WHERE tenant_id = :t ORDER BY level""")
                .param("t", tenant)
                .query((rs, n) -> new QuestionWriter.Level(rs.getInt(1), rs.getString(2), rs.getString(3))).list();
        OllamaJson.Outcome<List<QuestionBank.Question>> outcome = writer.write(target.competencyId(), target.name(),
                description, target.level(), scale, perCompetency);
        if (!outcome.ok()) {
            variables.put(fallbacks.record(tenant, step.journeyId(), topic(), LlmFallbacks.QUESTION_GENERATION,
                    outcome.fallbackReason()), outcome.fallbackReason());
            return;
        }
        generated.addAll(bank.addGenerated(tenant, outcome.value()));
    }

    /**
     * Up to {@code count} questions nearest the level (the higher level on a tie), questions asked before last, the
     * two types alternating (starting with the type of the best question).
     */
    static List<QuestionBank.Question> choose(List<QuestionBank.Question> questions, int level, Set<Long> askedBefore,
            int count) {
        Comparator<QuestionBank.Question> order = Comparator
                .comparingInt((QuestionBank.Question q) -> Math.abs(q.level() - level))
                .thenComparing(q -> q.level() < level)
                .thenComparing(q -> askedBefore.contains(q.id()))
                .thenComparingLong(QuestionBank.Question::id);
        List<QuestionBank.Question> sorted = questions.stream().sorted(order).toList();
        Map<String, Deque<QuestionBank.Question>> byType = new LinkedHashMap<>();
        for (QuestionBank.Question q : sorted) {
            byType.computeIfAbsent(q.type(), t -> new ArrayDeque<>()).add(q);
        }
        List<QuestionBank.Question> chosen = new ArrayList<>();
        List<Deque<QuestionBank.Question>> queues = new ArrayList<>(byType.values());
        for (int i = 0; chosen.size() < count && queues.stream().anyMatch(q -> !q.isEmpty()); i++) {
            Deque<QuestionBank.Question> queue = queues.get(i % queues.size());
            if (!queue.isEmpty()) {
                chosen.add(queue.poll());
            }
        }
        return chosen;
    }

    private long create(String tenant, String employee, String processInstanceId, List<Picked> picked) {
        long session = jdbc.sql("""
                INSERT INTO company.assessment_session (tenant_id, employee_id, status, process_instance_id)
                VALUES (:t, :e, 'OPEN', :p) RETURNING id""")
                .param("t", tenant).param("e", employee).param("p", processInstanceId).query(Long.class).single();
        int position = 0;
        for (Picked p : picked) {
            QuestionBank.Question q = p.question();
            jdbc.sql("""
                    INSERT INTO company.assessment_question (tenant_id, session_id, position, competency_id, question,
                        reference_answers, key_points, question_bank_id, type, level, options, correct_option,
                        explanation)
                    SELECT tenant_id, :s, :position, competency_id, question, reference_answers, key_points, id, type,
                           level, options, correct_option, explanation
                    FROM company.question_bank WHERE tenant_id = :t AND id = :q""")
                    .param("t", tenant).param("s", session).param("position", ++position).param("q", q.id())
                    .update();
        }
        return session;
    }

    /** The session's questions as the take-assessment form renders them (no correct options, no references). */
    private List<Map<String, Object>> formQuestions(String tenant, long session) {
        return jdbc.sql("""
                SELECT q.id, q.position, c.name, q.type, q.question, q.options
                FROM company.assessment_question q
                JOIN company.competency c ON c.tenant_id = q.tenant_id AND c.id = q.competency_id
                WHERE q.tenant_id = :t AND q.session_id = :s ORDER BY q.position""")
                .param("t", tenant).param("s", session)
                .query((rs, n) -> {
                    Map<String, Object> question = new LinkedHashMap<>();
                    question.put("questionId", rs.getLong(1));
                    question.put("position", rs.getInt(2));
                    question.put("competency", rs.getString(3));
                    question.put("type", rs.getString(4));
                    question.put("text", rs.getString(5));
                    String[] options = (String[]) rs.getArray(6).getArray();
                    List<Map<String, String>> choices = new ArrayList<>();
                    for (int i = 0; i < options.length; i++) {
                        choices.add(Map.of("label", options[i], "value", Integer.toString(i)));
                    }
                    question.put("choices", choices);
                    return question;
                })
                .list();
    }
}
