package dev.upskill.journey.identity;

import java.util.Optional;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Tenant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who a Camunda user is in the company data: the inverse of {@link CamundaIds#user}. Used where a person started a
 * process (the {@code initiator} variable) and the step must know which employee, in which company, asked.
 */
@Component
public class Initiators {

    /** An employee of a company, and whether they are in the {@code hr} or {@code managers} group. */
    public record Person(String tenantId, String employeeId, boolean hr, boolean manager) {
    }

    private final IdentityService identity;
    private final JdbcClient jdbc;

    Initiators(IdentityService identity, JdbcClient jdbc) {
        this.identity = identity;
        this.jdbc = jdbc;
    }

    public Optional<Person> of(String userId) {
        if (userId == null || userId.isEmpty()) {
            return Optional.empty();
        }
        for (Tenant tenant : identity.createTenantQuery().userMember(userId).list()) {
            String employee = employee(tenant.getId(), userId);
            if (employee != null) {
                boolean hr = identity.createUserQuery().userId(userId).memberOfGroup(CamundaIds.HR).count() > 0;
                boolean manager = identity.createUserQuery().userId(userId).memberOfGroup(CamundaIds.MANAGERS)
                        .count() > 0;
                return Optional.of(new Person(tenant.getId(), employee, hr, manager));
            }
        }
        return Optional.empty();
    }

    private String employee(String tenant, String userId) {
        String prefix = tenant + "~";
        if (userId.startsWith(prefix)) {
            return userId.substring(prefix.length());
        }
        // A hashed id (see CamundaIds): find the employee whose id maps to it.
        return jdbc.sql("SELECT id FROM company.employee WHERE tenant_id = :t AND erased_at IS NULL")
                .param("t", tenant).query(String.class).list().stream()
                .filter(id -> CamundaIds.user(tenant, id).equals(userId))
                .findFirst().orElse(null);
    }
}
