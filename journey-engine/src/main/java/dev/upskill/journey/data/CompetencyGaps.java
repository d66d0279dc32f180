package dev.upskill.journey.data;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * What an employee lacks: for each competency their role or team requires (the higher level where both do), the
 * required level against their current one ({@code company.employee_competency}; none = 0, below the lowest level),
 * with the learning they have done or are doing. The deterministic basis of recommendations; the journey's gap
 * analysis refines it with assessments and feedback.
 */
@Repository
public class CompetencyGaps {

    /**
     * @param currentLevel 0 when the employee has no level yet
     * @param essential true when any requirement naming it is ESSENTIAL
     */
    public record Gap(String competencyId, int currentLevel, int requiredLevel, boolean essential) {
    }

    /**
     * @param scale the tenant's proficiency levels, ascending
     * @param completedCourseIds courses the employee completed (a COMPLETED event)
     * @param inProgressCourseIds courses on their current path that are started but not done
     */
    public record Learner(String employeeId, String roleName, List<Integer> scale, List<Gap> gaps,
            List<String> completedCourseIds, List<String> inProgressCourseIds) {
    }

    private final JdbcClient jdbc;
    private final Employees employees;
    private final LearningPaths paths;

    public CompetencyGaps(JdbcClient jdbc, Employees employees, LearningPaths paths) {
        this.jdbc = jdbc;
        this.employees = employees;
        this.paths = paths;
    }

    /** How many competencies the employee's role and team require (each counted once). */
    public int requiredCount(String tenantId, String employeeId) {
        return requiredCompetencies(tenantId, employeeId).size();
    }

    /** The competencies the employee's role and team require, whatever the employee's levels. */
    public java.util.Set<String> requiredCompetencies(String tenantId, String employeeId) {
        Employees.Employee employee = employees.find(tenantId, "employee_id", employeeId);
        return new java.util.LinkedHashSet<>(jdbc.sql("""
                SELECT competency_id FROM company.role_competency_requirement WHERE tenant_id = :t AND role_id = :r
                UNION
                SELECT competency_id FROM company.team_competency_requirement WHERE tenant_id = :t AND team_id = :team
                ORDER BY 1""")
                .param("t", employee.tenantId()).param("r", employee.roleId()).param("team", employee.teamId())
                .query(String.class).list());
    }

    @Transactional(readOnly = true)
    public Learner of(String tenantId, String employeeId) {
        Employees.Employee employee = employees.find(tenantId, "employee_id", employeeId);
        String tenant = employee.tenantId();
        List<Gap> gaps = jdbc.sql("""
                WITH required AS (
                    SELECT competency_id, required_level, importance FROM company.role_competency_requirement
                    WHERE tenant_id = :t AND role_id = :role
                    UNION ALL
                    SELECT competency_id, required_level, importance FROM company.team_competency_requirement
                    WHERE tenant_id = :t AND team_id = :team)
                SELECT r.competency_id, coalesce(ec.level, 0) AS current_level, max(r.required_level) AS required,
                       bool_or(r.importance = 'ESSENTIAL') AS essential
                FROM required r
                LEFT JOIN company.employee_competency ec
                       ON ec.tenant_id = :t AND ec.employee_id = :e AND ec.competency_id = r.competency_id
                GROUP BY r.competency_id, ec.level
                HAVING coalesce(ec.level, 0) < max(r.required_level)
                ORDER BY r.competency_id""")
                .param("t", tenant).param("role", employee.roleId()).param("team", employee.teamId())
                .param("e", employee.id())
                .query((rs, n) -> new Gap(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getBoolean(4)))
                .list();
        String roleName = employee.roleId() == null ? null : jdbc.sql(
                "SELECT name FROM company.role WHERE tenant_id = :t AND id = :id")
                .param("t", tenant).param("id", employee.roleId()).query(String.class).optional().orElse(null);
        List<Integer> scale = jdbc.sql(
                        "SELECT level FROM company.proficiency_level WHERE tenant_id = :t ORDER BY level")
                .param("t", tenant).query(Integer.class).list();
        List<String> completed = jdbc.sql("""
                SELECT DISTINCT course_id FROM company.learning_event
                WHERE tenant_id = :t AND employee_id = :e AND type = 'COMPLETED' ORDER BY course_id""")
                .param("t", tenant).param("e", employee.id()).query(String.class).list();
        List<String> inProgress = paths.current(tenant, employee.id()).items().stream()
                .filter(i -> i.status().equals("IN_PROGRESS") && !completed.contains(i.courseId()))
                .map(LearningPaths.Item::courseId)
                .toList();
        return new Learner(employee.id(), roleName, scale, gaps, completed, inProgress);
    }
}
