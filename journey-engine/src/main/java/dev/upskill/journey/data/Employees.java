package dev.upskill.journey.data;

import static dev.upskill.journey.data.Fields.quoted;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Looks up the employee a request is about, the same way for every RPC that names one. */
@Repository
public class Employees {

    /** The parts of an employee row the journey needs. {@code teamId}, {@code roleId}: null when none. */
    public record Employee(String tenantId, String id, String displayName, String roleId, String teamId,
            boolean active) {
    }

    private final JdbcClient jdbc;

    public Employees(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The employee, locked for the rest of the transaction ({@code FOR UPDATE}) so that two concurrent requests about
     * one employee (two StartJourney calls, two course assignments) run one after the other.
     *
     * @throws InvalidDataException for a malformed tenant or employee id (naming {@code field})
     * @throws UnknownEntityException when the tenant has no such employee, or has erased them
     */
    public Employee lock(String tenantId, String field, String employeeId) {
        return select(tenantId, field, employeeId, " FOR UPDATE");
    }

    /** As {@link #lock} without the lock, for reads. */
    public Employee find(String tenantId, String field, String employeeId) {
        return select(tenantId, field, employeeId, "");
    }

    private Employee select(String tenantId, String field, String employeeId, String lock) {
        String tenant = Fields.tenantId(tenantId);
        String id = Fields.id(field, employeeId);
        return jdbc.sql("""
                SELECT id, display_name, role_id, team_id, active FROM company.employee
                WHERE tenant_id = :t AND id = :id AND erased_at IS NULL""" + lock)
                .param("t", tenant)
                .param("id", id)
                .query((rs, n) -> new Employee(tenant, rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getBoolean(5)))
                .optional()
                .orElseThrow(() -> new UnknownEntityException(field, "unknown employee " + quoted(id)));
    }

}
