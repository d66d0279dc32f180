package dev.upskill.journey.steps;

import dev.upskill.journey.data.CompetencyGaps;
import dev.upskill.journey.data.Employees;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code load-profile}: the employee's role and team, and how many competencies they require, as variables the later
 * stages and the forms show. Fails (then raises an incident) when the employee was erased or deactivated meanwhile.
 */
@Component
class LoadProfileWorker implements StepWorker {

    private final Employees employees;
    private final CompetencyGaps gaps;

    LoadProfileWorker(Employees employees, CompetencyGaps gaps) {
        this.employees = employees;
        this.gaps = gaps;
    }

    @Override
    public String topic() {
        return "load-profile";
    }

    @Override
    public Map<String, Object> handle(Step step) {
        Employees.Employee employee = employees.find(step.tenantId(), "employeeId", step.employeeId());
        CompetencyGaps.Learner learner = gaps.of(step.tenantId(), step.employeeId());
        Map<String, Object> variables = new HashMap<>();
        variables.put("employeeName", employee.displayName() == null ? employee.id() : employee.displayName());
        variables.put("roleId", employee.roleId());
        variables.put("roleName", learner.roleName());
        variables.put("teamId", employee.teamId());
        variables.put("requiredCompetencyCount", gaps.requiredCount(step.tenantId(), step.employeeId()));
        return variables;
    }
}
