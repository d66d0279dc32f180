package dev.upskill.journey.data;

import static dev.upskill.journey.data.Fields.quoted;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The competency levels a manager requires of a role ({@code company.role_competency_requirement}) or a team
 * ({@code company.team_competency_requirement}). A set replaces the target's whole requirement set in one
 * transaction, audited when it changed.
 */
@Repository
public class RequirementsRepository {

    public static final int MAX_REQUIREMENTS = 500;
    public static final Set<String> IMPORTANCES = Set.of("ESSENTIAL", "OPTIONAL");

    /** @param importance one of {@link #IMPORTANCES} */
    public record Requirement(String competencyId, int requiredLevel, String importance) {
    }

    /** Exactly one of roleId and teamId is non-empty. */
    public record Target(String roleId, String teamId) {
    }

    private final JdbcClient jdbc;
    private final AuditLog audit;

    public RequirementsRepository(JdbcClient jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** Replaces the target's requirements; true when the stored ones changed. */
    @Transactional
    public boolean set(String tenantId, String actorName, Target target, List<Requirement> requirements) {
        String tenant = Fields.tenantId(tenantId);
        String actor = Fields.actor(actorName);
        boolean hasRole = target.roleId() != null && !target.roleId().isEmpty();
        boolean hasTeam = target.teamId() != null && !target.teamId().isEmpty();
        if (hasRole == hasTeam) {
            throw new InvalidDataException(hasRole ? "team_id" : "role_id",
                    "exactly one of role_id and team_id is required");
        }
        String field = hasRole ? "role_id" : "team_id";
        String id = Fields.id(field, hasRole ? target.roleId() : target.teamId());
        if (requirements.size() > MAX_REQUIREMENTS) {
            throw new InvalidDataException("requirements",
                    "at most " + MAX_REQUIREMENTS + ", was " + requirements.size());
        }
        FirstPositions positions = new FirstPositions("requirements");
        for (int i = 0; i < requirements.size(); i++) {
            Requirement r = requirements.get(i);
            String rf = "requirements[" + i + "]";
            String competency = Fields.id(rf + ".competency_id", r.competencyId());
            positions.claim(competency, i, rf + ".competency_id");
            if (r.requiredLevel() < 1 || r.requiredLevel() > 10) {
                throw new InvalidDataException(rf + ".required_level", "1 to 10, was " + r.requiredLevel());
            }
            if (r.importance() == null || !IMPORTANCES.contains(r.importance())) {
                throw new InvalidDataException(rf + ".importance", "ESSENTIAL or OPTIONAL");
            }
        }

        // Locks the target row, so concurrent sets of the same target apply one after the other.
        String lock = hasRole
                ? "SELECT id FROM company.role WHERE tenant_id = :tenant AND id = :id FOR UPDATE"
                : "SELECT id FROM company.team WHERE tenant_id = :tenant AND id = :id FOR UPDATE";
        if (jdbc.sql(lock).param("tenant", tenant).param("id", id).query(String.class).optional().isEmpty()) {
            throw new UnknownEntityException(field, "unknown " + (hasRole ? "role " : "team ") + quoted(id));
        }
        Set<String> competencies = ids("SELECT id FROM company.competency WHERE tenant_id = :tenant", tenant);
        Set<String> levels = ids("SELECT level::text FROM company.proficiency_level WHERE tenant_id = :tenant",
                tenant);
        Map<String, String> wanted = new LinkedHashMap<>();
        for (int i = 0; i < requirements.size(); i++) {
            Requirement r = requirements.get(i);
            String rf = "requirements[" + i + "]";
            if (!competencies.contains(r.competencyId())) {
                throw new UnknownEntityException(rf + ".competency_id",
                        "unknown competency " + quoted(r.competencyId()));
            }
            if (!levels.contains(Integer.toString(r.requiredLevel()))) {
                throw new InvalidDataException(rf + ".required_level",
                        r.requiredLevel() + " is not on the tenant's proficiency scale");
            }
            wanted.put(r.competencyId(), r.requiredLevel() + "/" + r.importance());
        }

        // Table and column names are constants chosen here, never input.
        String table = hasRole ? "company.role_competency_requirement" : "company.team_competency_requirement";
        String column = hasRole ? "role_id" : "team_id";
        Map<String, String> stored = new HashMap<>();
        jdbc.sql("SELECT competency_id, required_level || '/' || importance FROM " + table
                        + " WHERE tenant_id = :tenant AND " + column + " = :id")
                .param("tenant", tenant)
                .param("id", id)
                .query((rs, n) -> stored.put(rs.getString(1), rs.getString(2)))
                .list();
        if (stored.equals(wanted)) {
            return false;
        }
        jdbc.sql("DELETE FROM " + table + " WHERE tenant_id = :tenant AND " + column + " = :id")
                .param("tenant", tenant)
                .param("id", id)
                .update();
        for (Requirement r : requirements) {
            jdbc.sql("INSERT INTO " + table + " (tenant_id, " + column + ", competency_id, required_level, importance)"
                            + " VALUES (:tenant, :id, :competency, :level, :importance)")
                    .param("tenant", tenant)
                    .param("id", id)
                    .param("competency", r.competencyId())
                    .param("level", r.requiredLevel())
                    .param("importance", r.importance())
                    .update();
        }
        audit.record(tenant, actor, "UPDATE", hasRole ? "role_requirements" : "team_requirements", id,
                "{\"requirements\": " + requirements.size() + "}");
        return true;
    }

    private Set<String> ids(String sql, String tenant) {
        return new HashSet<>(jdbc.sql(sql).param("tenant", tenant).query(String.class).list());
    }
}
