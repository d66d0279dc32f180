package dev.upskill.journey.steps;

import dev.upskill.journey.identity.Initiators;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who may ask for what in the manager processes (started from Tasklist's "Start process" menu): the person who started
 * the process (variable {@code initiator}) must be HR, or the manager of the employee concerned (their direct manager
 * or their team's manager), or for a team's requirements the team's manager. Anything else is refused back to them.
 */
@Component
class ManagerRequests {

    private final Initiators initiators;
    private final JdbcClient jdbc;

    ManagerRequests(Initiators initiators, JdbcClient jdbc) {
        this.initiators = initiators;
        this.jdbc = jdbc;
    }

    /** The person who started {@code step}'s process, in the step's company. */
    Initiators.Person initiator(Step step) {
        Object user = step.variables().get("initiator");
        Initiators.Person person = initiators.of(user == null ? null : user.toString())
                .orElseThrow(() -> RequestChecks.refuse("Only an employee of the company can make this request"));
        if (!person.tenantId().equals(step.tenantId())) {
            throw RequestChecks.refuse("The request belongs to another company");
        }
        return person;
    }

    /** Refuses unless {@code person} is HR or manages {@code employeeId}. */
    void requireManages(Initiators.Person person, String employeeId) {
        if (person.hr()) {
            return;
        }
        boolean manages = jdbc.sql("""
                SELECT count(*) FROM company.employee e
                LEFT JOIN company.team t ON t.tenant_id = e.tenant_id AND t.id = e.team_id
                WHERE e.tenant_id = :t AND e.id = :e AND e.erased_at IS NULL
                  AND (e.manager_id = :m OR t.manager_id = :m)""")
                .param("t", person.tenantId()).param("e", employeeId).param("m", person.employeeId())
                .query(Long.class).single() > 0;
        if (!manages) {
            throw RequestChecks.refuse("You are not the manager of \"" + employeeId + "\" (or it is not an employee)");
        }
    }

    /** Refuses unless {@code person} is HR or the manager of team {@code teamId}. */
    void requireManagesTeam(Initiators.Person person, String teamId) {
        if (person.hr()) {
            return;
        }
        boolean manages = jdbc.sql("""
                SELECT count(*) FROM company.team WHERE tenant_id = :t AND id = :id AND manager_id = :m""")
                .param("t", person.tenantId()).param("id", teamId).param("m", person.employeeId())
                .query(Long.class).single() > 0;
        if (!manages) {
            throw RequestChecks.refuse("You are not the manager of team \"" + teamId + "\"");
        }
    }

    /** Refuses unless {@code person} is HR or a manager. */
    void requireManagerOrHr(Initiators.Person person) {
        if (!person.hr() && !person.manager()) {
            throw RequestChecks.refuse("Only managers and HR can set a role's requirements");
        }
    }
}
