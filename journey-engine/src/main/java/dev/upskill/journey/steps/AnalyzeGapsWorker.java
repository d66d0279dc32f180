package dev.upskill.journey.steps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upskill.journey.data.CompetencyGaps;
import dev.upskill.journey.data.JourneyGaps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code analyze-gaps}: what the employee still lacks. For every competency their role or team requires above their
 * current level (which the assessment has just set), a gap with its size, the priority and weight of HR's
 * {@code gap-priority} decision, and its evidence (the requirement, the latest assessment score). The gaps are stored
 * per journey cycle; none left ends the journey through the BPMN error {@code no-gaps}.
 */
@Component
class AnalyzeGapsWorker implements StepWorker {

    static final String NO_GAPS = "no-gaps";

    private final CompetencyGaps requirements;
    private final JourneyGaps gaps;
    private final GapPriorities priorities;
    private final JdbcClient jdbc;
    private final ObjectMapper json;

    AnalyzeGapsWorker(CompetencyGaps requirements, JourneyGaps gaps, GapPriorities priorities, JdbcClient jdbc,
            ObjectMapper json) {
        this.requirements = requirements;
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
        List<JourneyGaps.Gap> found = new ArrayList<>();
        for (CompetencyGaps.Gap gap : requirements.of(tenant, step.employeeId()).gaps()) {
            String importance = gap.essential() ? "ESSENTIAL" : "OPTIONAL";
            GapPriorities.Priority priority = priorities.of(gap.requiredLevel() - gap.currentLevel(), importance);
            List<Map<String, Object>> evidence = new ArrayList<>();
            evidence.add(Map.of("kind", "requirement", "requiredLevel", gap.requiredLevel(),
                    "importance", importance));
            if (assessed.containsKey(gap.competencyId())) {
                evidence.add(assessed.get(gap.competencyId()));
            }
            found.add(new JourneyGaps.Gap(gap.competencyId(), names.get(gap.competencyId()), gap.currentLevel(),
                    gap.requiredLevel(), importance, priority.priority(), priority.weight(), evidence));
        }
        found.sort((a, b) -> Double.compare(b.weight(), a.weight()));
        gaps.replace(tenant, step.employeeId(), step.journeyId(), cycle, found);
        Map<String, Object> variables = Map.of("gaps", write(found), "gapCount", found.size());
        if (found.isEmpty()) {
            throw new BusinessOutcome(NO_GAPS, "no competency below its required level", variables);
        }
        return variables;
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

    private String write(List<JourneyGaps.Gap> found) {
        try {
            return json.writeValueAsString(found.stream().map(g -> Map.of("competencyId", g.competencyId(),
                    "competencyName", g.competencyName(), "currentLevel", g.currentLevel(),
                    "requiredLevel", g.requiredLevel(), "priority", g.priority())).toList());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
