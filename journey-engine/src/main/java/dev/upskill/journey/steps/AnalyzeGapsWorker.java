package dev.upskill.journey.steps;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upskill.journey.data.AuditLog;
import dev.upskill.journey.data.CompetencyGaps;
import dev.upskill.journey.data.JourneyGaps;
import dev.upskill.journey.llm.FeedbackAnalysis;
import dev.upskill.journey.llm.LlmFallbacks;
import dev.upskill.journey.llm.OllamaJson;
import dev.upskill.journey.steps.feedback.Direction;
import dev.upskill.journey.steps.feedback.FeedbackExtractor;
import dev.upskill.journey.steps.feedback.Finding;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code analyze-gaps}: what the employee still lacks. For every competency their role or team requires above their
 * current level (which the assessment has just set), a gap with its size, the priority and weight of HR's
 * {@code gap-priority} decision, and its evidence: the requirement, the latest assessment score, and what the
 * feedback of the last {@code feedbackWindowDays} [365] says about it ({@link FeedbackExtractor}: quotes with their
 * direction and source). Feedback that clearly points at a weakness in a competency the role does not require
 * (severity at least {@value #FEEDBACK_GAP_SEVERITY}) adds a one-level, optional gap. The gaps are stored per journey
 * cycle; none left ends the journey through the BPMN error {@code no-gaps}.
 * <p>
 * With the LLM steps on ({@code upskill.journey.llm.enabled}) the findings come from the LLM
 * ({@link FeedbackAnalysis}; evidence entries marked {@code extractedBy: llm}) instead of the extractor; when it
 * fails the extractor serves and {@code gapAnalysisLlmFallback} records why ({@link LlmFallbacks}).
 */
@Component
class AnalyzeGapsWorker implements StepWorker {

    static final String NO_GAPS = "no-gaps";
    static final double FEEDBACK_GAP_SEVERITY = 0.5;
    static final int DEFAULT_FEEDBACK_WINDOW_DAYS = 365;

    private final CompetencyGaps requirements;
    private final JourneyGaps gaps;
    private final GapPriorities priorities;
    private final FeedbackExtractor feedback;
    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final FeedbackAnalysis llm;
    private final LlmFallbacks fallbacks;
    private final AuditLog audit;

    AnalyzeGapsWorker(CompetencyGaps requirements, JourneyGaps gaps, GapPriorities priorities,
            FeedbackExtractor feedback, JdbcClient jdbc, ObjectMapper json, FeedbackAnalysis llm,
            LlmFallbacks fallbacks, AuditLog audit) {
        this.llm = llm;
        this.fallbacks = fallbacks;
        this.audit = audit;
        this.requirements = requirements;
        this.feedback = feedback;
        this.gaps = gaps;
        this.priorities = priorities;
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public String topic() {
        return "analyze-gaps";
    }

    @Override
    public Map<String, Object> handle(Step step) {
        String tenant = step.tenantId();
        int cycle = step.intVariable("cycle", 1);
        Map<String, String> names = new LinkedHashMap<>();
        jdbc.sql("SELECT id, name FROM company.competency WHERE tenant_id = :t").param("t", tenant)
                .query((rs, n) -> names.put(rs.getString(1), rs.getString(2))).list();
        Map<String, Map<String, Object>> assessed = latestAssessment(tenant, step.employeeId());
        Map<String, Integer> levels = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT competency_id, level FROM company.employee_competency
                WHERE tenant_id = :t AND employee_id = :e""")
                .param("t", tenant).param("e", step.employeeId())
                .query((rs, n) -> levels.put(rs.getString(1), rs.getInt(2))).list();
        int windowDays = Math.max(1, step.intVariable("feedbackWindowDays", DEFAULT_FEEDBACK_WINDOW_DAYS));
        Map<String, List<Finding>> said = new LinkedHashMap<>();
        Map<String, Object> llmVariables = new LinkedHashMap<>();
        LocalDate since = LocalDate.now().minusDays(windowDays);
        List<Finding> findings = llmFindings(step, since, llmVariables);
        boolean byLlm = findings != null;
        for (Finding finding : byLlm ? findings : feedback.extract(tenant, step.employeeId(), since)) {
            said.computeIfAbsent(finding.competencyId(), c -> new ArrayList<>()).add(finding);
        }
        CompetencyGaps.Learner learner = requirements.of(tenant, step.employeeId());
        List<JourneyGaps.Gap> found = new ArrayList<>();
        for (CompetencyGaps.Gap gap : learner.gaps()) {
            String importance = gap.essential() ? "ESSENTIAL" : "OPTIONAL";
            GapPriorities.Priority priority = priorities.of(gap.requiredLevel() - gap.currentLevel(), importance);
            List<Map<String, Object>> evidence = new ArrayList<>();
            evidence.add(Map.of("kind", "requirement", "requiredLevel", gap.requiredLevel(),
                    "importance", importance));
            if (assessed.containsKey(gap.competencyId())) {
                evidence.add(assessed.get(gap.competencyId()));
            }
            said.getOrDefault(gap.competencyId(), List.of()).forEach(f -> evidence.add(evidence(f, byLlm)));
            found.add(new JourneyGaps.Gap(gap.competencyId(), names.get(gap.competencyId()), gap.currentLevel(),
                    gap.requiredLevel(), importance, priority.priority(), priority.weight(), evidence));
        }
        java.util.Set<String> required = requirements.requiredCompetencies(tenant, step.employeeId());
        for (Map.Entry<String, List<Finding>> entry : said.entrySet()) {
            List<Finding> weaknesses = entry.getValue().stream()
                    .filter(f -> f.direction() == Direction.GAP && f.severity() >= FEEDBACK_GAP_SEVERITY).toList();
            if (required.contains(entry.getKey()) || weaknesses.isEmpty()) {
                continue; // required ones are judged by their level; praise or a faint signal makes no gap
            }
            int current = levels.getOrDefault(entry.getKey(), 0);
            int next = learner.scale().stream().filter(l -> l > current).findFirst().orElse(-1);
            if (next < 0) {
                continue; // already at the top of the scale
            }
            GapPriorities.Priority priority = priorities.of(1, "OPTIONAL");
            List<Map<String, Object>> evidence = new ArrayList<>();
            weaknesses.forEach(f -> evidence.add(evidence(f, byLlm)));
            found.add(new JourneyGaps.Gap(entry.getKey(), names.get(entry.getKey()), current, next, "OPTIONAL",
                    priority.priority(), priority.weight(), evidence));
        }
        found.sort((a, b) -> Double.compare(b.weight(), a.weight()));
        gaps.replace(tenant, step.employeeId(), step.journeyId(), cycle, found);
        Map<String, Object> variables = new LinkedHashMap<>(llmVariables);
        variables.put("gaps", write(found));
        variables.put("gapCount", found.size());
        if (found.isEmpty()) {
            throw new BusinessOutcome(NO_GAPS, "no competency below its required level", variables);
        }
        return variables;
    }

    /**
     * With the LLM steps on: the LLM's findings in the feedback texts, which replace the extractor's (not merged:
     * both would report the same sentences twice); null when the LLM failed (the fallback is recorded in
     * {@code variables}) and the extractor serves.
     */
    private List<Finding> llmFindings(Step step, LocalDate since, Map<String, Object> variables) {
        if (!llm.enabled()) {
            return null;
        }
        List<FeedbackExtractor.FeedbackText> texts = feedback.texts(step.tenantId(), step.employeeId(), since);
        if (texts.isEmpty()) {
            return List.of();
        }
        OllamaJson.Outcome<FeedbackAnalysis.Result> outcome = llm.analyze(texts,
                feedback.competencies(step.tenantId()));
        if (!outcome.ok()) {
            variables.put(fallbacks.record(step.tenantId(), step.journeyId(), topic(), LlmFallbacks.GAP_ANALYSIS,
                    outcome.fallbackReason()), outcome.fallbackReason());
            return null;
        }
        if (!outcome.value().rejected().isEmpty()) {
            audit.recordDetails(step.tenantId(), "journey-engine", "LLM_OUTPUT_REJECTED", "journey", step.journeyId(),
                    Map.of("step", topic(), "task", LlmFallbacks.GAP_ANALYSIS, "rejected", outcome.value().rejected()));
        }
        return outcome.value().findings();
    }

    private static Map<String, Object> evidence(Finding finding, boolean byLlm) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("kind", "feedback");
        if (byLlm) {
            entry.put("extractedBy", "llm");
        }
        entry.put("feedbackId", finding.feedbackId());
        entry.put("source", finding.source());
        entry.put("direction", finding.direction().name());
        entry.put("severity", Math.round(finding.severity() * 100) / 100.0);
        entry.put("quote", finding.quote());
        return entry;
    }

    /** The latest graded assessment's score and level per competency, as evidence entries. */
    private Map<String, Map<String, Object>> latestAssessment(String tenant, String employee) {
        Map<String, Map<String, Object>> scores = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT s.competency_id, s.score, s.level, a.id
                FROM company.assessment_competency_score s
                JOIN company.assessment_session a ON a.tenant_id = s.tenant_id AND a.id = s.session_id
                WHERE a.tenant_id = :t AND a.employee_id = :e AND a.status = 'GRADED'
                  AND a.id = (SELECT max(id) FROM company.assessment_session
                              WHERE tenant_id = :t AND employee_id = :e AND status = 'GRADED')""")
                .param("t", tenant).param("e", employee)
                .query((rs, n) -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("kind", "assessment");
                    entry.put("sessionId", rs.getLong(4));
                    entry.put("score", rs.getDouble(2));
                    entry.put("level", rs.getObject(3) == null ? 0 : rs.getInt(3));
                    return scores.put(rs.getString(1), entry);
                })
                .list();
        return scores;
    }

    /**
     * The gaps as a Json variable: a String variable holds at most 4,000 characters in Camunda's tables, which a role
     * with many requirements (an ESCO occupation has up to a few hundred) exceeds.
     */
    private Object write(List<JourneyGaps.Gap> found) {
        return FormValues.json(json, found.stream().map(g -> Map.of("competencyId", g.competencyId(),
                "competencyName", g.competencyName(), "currentLevel", g.currentLevel(),
                "requiredLevel", g.requiredLevel(), "priority", g.priority())).toList());
    }
}
