package dev.upskill.journey.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The gaps each cycle of a journey found ({@code company.journey_gap}), with their priority and evidence. */
@Repository
public class JourneyGaps {

    /**
     * @param currentLevel 0 = none yet
     * @param importance ESSENTIAL or OPTIONAL
     * @param priority HIGH, MEDIUM or LOW (from the gap-priority decision)
     * @param evidence what the gap rests on: requirement, assessment score, feedback quotes (JSON objects)
     */
    public record Gap(String competencyId, String competencyName, int currentLevel, int requiredLevel,
            String importance, String priority, double weight, List<Map<String, Object>> evidence) {
    }

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    public JourneyGaps(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Replaces what cycle {@code cycle} of the journey found (a step delivered again writes the same rows). */
    public void replace(String tenant, String employee, String processInstanceId, int cycle, List<Gap> gaps) {
        jdbc.sql("DELETE FROM company.journey_gap WHERE tenant_id = :t AND process_instance_id = :p AND cycle = :c")
                .param("t", tenant).param("p", processInstanceId).param("c", cycle).update();
        for (Gap gap : gaps) {
            jdbc.sql("""
                    INSERT INTO company.journey_gap (tenant_id, employee_id, process_instance_id, cycle, competency_id,
                        current_level, required_level, importance, priority, weight, evidence)
                    VALUES (:t, :e, :p, :c, :competency, :current, :required, :importance, :priority, :weight,
                        CAST(:evidence AS jsonb))""")
                    .param("t", tenant).param("e", employee).param("p", processInstanceId).param("c", cycle)
                    .param("competency", gap.competencyId()).param("current", gap.currentLevel())
                    .param("required", gap.requiredLevel()).param("importance", gap.importance())
                    .param("priority", gap.priority()).param("weight", gap.weight())
                    .param("evidence", write(gap.evidence()))
                    .update();
        }
    }

    /** The gaps of the journey's latest cycle that has any, heaviest first. */
    public List<Gap> latest(String tenant, String processInstanceId) {
        return jdbc.sql("""
                SELECT g.competency_id, c.name, g.current_level, g.required_level, g.importance, g.priority, g.weight,
                       g.evidence::text
                FROM company.journey_gap g
                JOIN company.competency c ON c.tenant_id = g.tenant_id AND c.id = g.competency_id
                WHERE g.tenant_id = :t AND g.process_instance_id = :p
                  AND g.cycle = (SELECT max(cycle) FROM company.journey_gap
                                 WHERE tenant_id = :t AND process_instance_id = :p)
                ORDER BY g.weight DESC, g.competency_id""")
                .param("t", tenant).param("p", processInstanceId)
                .query((rs, n) -> new Gap(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4),
                        rs.getString(5), rs.getString(6), rs.getDouble(7), read(rs.getString(8))))
                .list();
    }

    private String write(List<Map<String, Object>> evidence) {
        try {
            return json.writeValueAsString(evidence);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("evidence is not JSON-serialisable", e);
        }
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> read(String text) {
        try {
            return json.readValue(text, List.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("journey_gap.evidence is not a JSON array", e);
        }
    }
}
