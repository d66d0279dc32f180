package dev.upskill.journey.steps;

import dev.upskill.journey.data.AuditLog;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Turns a session's counted answers into levels, once no grade waits for the manager: per competency the mean score
 * of its questions (an unanswered question counts 0), the level of HR's {@code assessment-level} decision, written to
 * {@code assessment_competency_score} and to the employee's {@code employee_competency} (source ASSESSMENT) with a
 * {@code employee_competency_history} row (source_ref {@code assessment:<session id>}) when it changes. A level of 0
 * (below the tenant's scale) removes the employee's level for the competency (history level NULL). The session
 * becomes GRADED. Repeatable: a second run writes the same scores and no new history.
 */
@Component
class AssessmentResults {

    private final JdbcClient jdbc;
    private final AssessmentDecisions decisions;
    private final AuditLog audit;

    AssessmentResults(JdbcClient jdbc, AssessmentDecisions decisions, AuditLog audit) {
        this.jdbc = jdbc;
        this.decisions = decisions;
        this.audit = audit;
    }

    /** @return per competency: competencyId, competencyName, score (0 to 1), level (0 = below the scale) */
    List<Map<String, Object>> finish(String tenant, String employee, long session, String actor) {
        List<Integer> scale = jdbc.sql(
                "SELECT level FROM company.proficiency_level WHERE tenant_id = :t ORDER BY level")
                .param("t", tenant).query(Integer.class).list();
        record Competency(String id, String name, double score, int questionLevel) {
        }
        List<Competency> competencies = jdbc.sql("""
                SELECT q.competency_id, c.name, avg(coalesce(a.score, 0)) AS score,
                       coalesce(round(avg(q.level)), 1) AS question_level
                FROM company.assessment_question q
                JOIN company.competency c ON c.tenant_id = q.tenant_id AND c.id = q.competency_id
                LEFT JOIN company.assessment_answer a ON a.tenant_id = q.tenant_id AND a.question_id = q.id
                WHERE q.tenant_id = :t AND q.session_id = :s
                GROUP BY q.competency_id, c.name
                ORDER BY min(q.position)""")
                .param("t", tenant).param("s", session)
                .query((rs, n) -> new Competency(rs.getString(1), rs.getString(2), rs.getDouble(3), rs.getInt(4)))
                .list();
        List<Map<String, Object>> results = new ArrayList<>();
        for (Competency c : competencies) {
            double score = BigDecimal.valueOf(c.score()).setScale(4, RoundingMode.HALF_UP).doubleValue();
            int level = onScale(decisions.level(score, c.questionLevel(), scale.size()), scale);
            jdbc.sql("""
                    INSERT INTO company.assessment_competency_score (tenant_id, session_id, competency_id, score, level)
                    VALUES (:t, :s, :c, :score, :level)
                    ON CONFLICT (tenant_id, session_id, competency_id)
                    DO UPDATE SET score = EXCLUDED.score, level = EXCLUDED.level""")
                    .param("t", tenant).param("s", session).param("c", c.id()).param("score", score)
                    .param("level", level == 0 ? null : level).update();
            writeLevel(tenant, employee, c.id(), level, session, actor);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("competencyId", c.id());
            result.put("competencyName", c.name());
            result.put("score", score);
            result.put("level", level);
            results.add(result);
        }
        int graded = jdbc.sql("""
                UPDATE company.assessment_session SET status = 'GRADED', graded_at = now(),
                    submitted_at = coalesce(submitted_at, now())
                WHERE tenant_id = :t AND id = :s AND status <> 'GRADED'""")
                .param("t", tenant).param("s", session).update();
        if (graded > 0) {
            audit.recordDetails(tenant, actor, "GRADE_ASSESSMENT", "assessment_session", Long.toString(session),
                    Map.of("employeeId", employee, "competencies", results.size()));
        }
        return results;
    }

    /** The decision's level on the tenant's scale: 0 stays 0, else the highest scale level not above it. */
    static int onScale(int level, List<Integer> scale) {
        int result = 0;
        for (int l : scale) {
            if (l <= level) {
                result = l;
            }
        }
        return level <= 0 ? 0 : Math.max(result, scale.isEmpty() ? 0 : scale.getFirst());
    }

    private void writeLevel(String tenant, String employee, String competency, int level, long session,
            String actor) {
        record Current(int level, String source) {
        }
        Current current = jdbc.sql("""
                SELECT level, source FROM company.employee_competency
                WHERE tenant_id = :t AND employee_id = :e AND competency_id = :c FOR UPDATE""")
                .param("t", tenant).param("e", employee).param("c", competency)
                .query((rs, n) -> new Current(rs.getInt(1), rs.getString(2))).optional().orElse(null);
        if (level == 0) {
            if (current == null) {
                return;
            }
            jdbc.sql("""
                    DELETE FROM company.employee_competency
                    WHERE tenant_id = :t AND employee_id = :e AND competency_id = :c""")
                    .param("t", tenant).param("e", employee).param("c", competency).update();
        } else {
            if (current != null && current.level() == level && current.source().equals("ASSESSMENT")) {
                return;
            }
            jdbc.sql("""
                    INSERT INTO company.employee_competency (tenant_id, employee_id, competency_id, level, source)
                    VALUES (:t, :e, :c, :level, 'ASSESSMENT')
                    ON CONFLICT (tenant_id, employee_id, competency_id)
                    DO UPDATE SET level = EXCLUDED.level, source = 'ASSESSMENT', updated_at = now()""")
                    .param("t", tenant).param("e", employee).param("c", competency).param("level", level).update();
        }
        jdbc.sql("""
                INSERT INTO company.employee_competency_history (tenant_id, employee_id, competency_id, level,
                    previous_level, source, source_ref, changed_by)
                VALUES (:t, :e, :c, :level, :previous, 'ASSESSMENT', :ref, :actor)""")
                .param("t", tenant).param("e", employee).param("c", competency)
                .param("level", level == 0 ? null : level)
                .param("previous", current == null ? null : current.level())
                .param("ref", "assessment:" + session).param("actor", actor)
                .update();
    }
}
