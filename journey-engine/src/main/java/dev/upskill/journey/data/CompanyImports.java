package dev.upskill.journey.data;

import static dev.upskill.journey.data.Fields.quoted;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.postgresql.util.PSQLException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Upserts of a tenant's competency framework, roles, teams and employees. Each import runs in one transaction: every
 * item is validated (format, references, hierarchy) and written, or the first invalid item throws
 * {@link InvalidDataException} naming its stream position and field, and nothing is stored. Items are keyed by id;
 * an item equal to the stored row is counted unchanged and neither written nor audited. SQL uses bound parameters
 * only. After a team or employee import, {@link CompanyPeopleChanged} is published inside the transaction (the
 * Camunda identity follows it, see {@code dev.upskill.journey.identity.IdentitySync}).
 */
@Repository
public class CompanyImports {

    /** What an import did; every item is counted once. */
    public record ImportCounts(int created, int updated, int unchanged) {
    }

    public record Framework(String id, String name, String description, String source, String version) {
    }

    public record Level(int level, String name, String description) {
    }

    public record Competency(String id, String name, String description, String parentId, String externalUri) {
    }

    /** @param importance ESSENTIAL or OPTIONAL */
    public record Requirement(String competencyId, int requiredLevel, String importance) {
    }

    public record Role(String id, String name, String description, String externalUri, List<Requirement> requirements) {
    }

    public record Team(String id, String name, String managerId) {
    }

    public record Employee(String id, String email, String displayName, String roleId, String teamId,
            String managerId, boolean active) {
    }

    private enum Outcome { CREATED, UPDATED, UNCHANGED }

    /** Counts an import's outcomes; what was neither created nor updated was unchanged. */
    private static final class Tally {
        private int created;
        private int updated;

        void add(Outcome outcome) {
            created += outcome == Outcome.CREATED ? 1 : 0;
            updated += outcome == Outcome.UPDATED ? 1 : 0;
        }

        ImportCounts counts(int items) {
            return new ImportCounts(created, updated, items - created - updated);
        }
    }

    private final JdbcClient jdbc;
    private final Tenants tenants;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;

    public CompanyImports(JdbcClient jdbc, Tenants tenants, AuditLog audit, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.audit = audit;
        this.events = events;
    }

    @Transactional
    public ImportCounts importFramework(String tenantId, String tenantName, String actorName, Framework framework,
            List<Level> scale, List<Competency> competencies) {
        String tenant = Fields.tenantId(tenantId);
        String actor = Fields.actor(actorName);
        if (framework == null) {
            throw new InvalidDataException("framework", "required on the first message");
        }
        String frameworkId = Fields.id("framework.id", framework.id());
        Fields.name("framework.name", framework.name(), 200);
        Fields.text("framework.description", framework.description(), Fields.MAX_LONG_TEXT);
        Fields.text("framework.source", framework.source(), 200);
        Fields.text("framework.version", framework.version(), 100);
        if (scale.size() > 10) {
            throw new InvalidDataException("scale", "at most 10 levels, was " + scale.size());
        }
        Set<Integer> levels = new HashSet<>();
        Set<String> levelNames = new HashSet<>();
        for (int i = 0; i < scale.size(); i++) {
            Level level = scale.get(i);
            String field = "scale[" + i + "]";
            if (level.level() < 1 || level.level() > 10) {
                throw new InvalidDataException(field + ".level", "1 to 10, was " + level.level());
            }
            if (!levels.add(level.level())) {
                throw new InvalidDataException(field + ".level", level.level() + " sent twice");
            }
            String name = Fields.name(field + ".name", level.name(), 100);
            if (!levelNames.add(name)) {
                throw new InvalidDataException(field + ".name", quoted(name) + " sent twice");
            }
            Fields.text(field + ".description", level.description(), Fields.MAX_LONG_TEXT);
        }
        FirstPositions positions = new FirstPositions("competencies");
        for (int i = 0; i < competencies.size(); i++) {
            Competency c = competencies.get(i);
            String field = "competencies[" + i + "]";
            String id = Fields.id(field + ".id", c.id());
            positions.claim(id, i, field + ".id");
            Fields.name(field + ".name", c.name(), 500);
            Fields.text(field + ".description", c.description(), Fields.MAX_LONG_TEXT);
            Fields.optionalId(field + ".parent_id", c.parentId());
            Fields.text(field + ".external_uri", c.externalUri(), Fields.MAX_URI);
        }

        tenants.ensure(tenant, tenantName, actor);
        Outcome header = upsert(jdbc.sql("""
                INSERT INTO company.competency_framework AS f (tenant_id, id, name, description, source, version)
                VALUES (:tenant, :id, :name, :description, :source, :version)
                ON CONFLICT (tenant_id, id) DO UPDATE
                SET name = EXCLUDED.name, description = EXCLUDED.description, source = EXCLUDED.source,
                    version = EXCLUDED.version
                WHERE (f.name, f.description, f.source, f.version)
                      IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.description, EXCLUDED.source, EXCLUDED.version)
                RETURNING (xmax = 0)""")
                .param("tenant", tenant)
                .param("id", frameworkId)
                .param("name", framework.name())
                .param("description", empty(framework.description()))
                .param("source", framework.source() == null || framework.source().isBlank()
                        ? "custom" : framework.source())
                .param("version", empty(framework.version())));
        auditOutcome(tenant, actor, header, "competency_framework", frameworkId);
        for (int i = 0; i < scale.size(); i++) {
            Level level = scale.get(i);
            Outcome outcome = guarded("scale[" + i + "]", () -> upsert(jdbc.sql("""
                    INSERT INTO company.proficiency_level AS p (tenant_id, level, name, description)
                    VALUES (:tenant, :level, :name, :description)
                    ON CONFLICT (tenant_id, level) DO UPDATE
                    SET name = EXCLUDED.name, description = EXCLUDED.description
                    WHERE (p.name, p.description) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.description)
                    RETURNING (xmax = 0)""")
                    .param("tenant", tenant)
                    .param("level", level.level())
                    .param("name", level.name())
                    .param("description", empty(level.description()))));
            auditOutcome(tenant, actor, outcome, "proficiency_level", Integer.toString(level.level()));
        }

        // The tenant's competencies as they will be after the import: stored ones, overlaid with those sent.
        Map<String, String> frameworkOf = new HashMap<>();
        Map<String, String> parentOf = new HashMap<>();
        jdbc.sql("SELECT id, framework_id, parent_id FROM company.competency WHERE tenant_id = :tenant")
                .param("tenant", tenant)
                .query((rs, n) -> {
                    frameworkOf.put(rs.getString(1), rs.getString(2));
                    parentOf.put(rs.getString(1), rs.getString(3));
                    return null;
                })
                .list();
        for (int i = 0; i < competencies.size(); i++) {
            Competency c = competencies.get(i);
            String stored = frameworkOf.get(c.id());
            if (stored != null && !stored.equals(frameworkId)) {
                throw new InvalidDataException("competencies[" + i + "].id",
                        quoted(c.id()) + " belongs to framework " + quoted(stored));
            }
        }
        for (Competency c : competencies) {
            frameworkOf.put(c.id(), frameworkId);
            parentOf.put(c.id(), empty(c.parentId()));
        }
        for (int i = 0; i < competencies.size(); i++) {
            Competency c = competencies.get(i);
            String parent = empty(c.parentId());
            if (parent == null) {
                continue;
            }
            String field = "competencies[" + i + "].parent_id";
            if (!frameworkOf.containsKey(parent)) {
                throw new InvalidDataException(field, "unknown competency " + quoted(parent));
            }
            if (!frameworkOf.get(parent).equals(frameworkId)) {
                throw new InvalidDataException(field, "competency " + quoted(parent) + " is in framework "
                        + quoted(frameworkOf.get(parent)) + ", not " + quoted(frameworkId));
            }
            List<String> path = new ArrayList<>(List.of(c.id()));
            Set<String> seen = new HashSet<>(path);
            for (String at = parent; at != null; at = parentOf.get(at)) {
                path.add(at);
                if (!seen.add(at)) {
                    throw new InvalidDataException(field, "cycle " + String.join(" -> ", path));
                }
            }
        }
        // Parents before children: the parent foreign key is checked at once.
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < competencies.size(); i++) {
            order.add(i);
        }
        Map<String, Integer> depth = new HashMap<>();
        order.sort((a, b) -> Integer.compare(depth(competencies.get(a).id(), parentOf, depth),
                depth(competencies.get(b).id(), parentOf, depth)));
        Tally tally = new Tally();
        for (int i : order) {
            Competency c = competencies.get(i);
            Outcome outcome = guarded("competencies[" + i + "]", () -> upsert(jdbc.sql("""
                    INSERT INTO company.competency AS c
                        (tenant_id, id, framework_id, parent_id, name, description, external_uri)
                    VALUES (:tenant, :id, :framework, :parent, :name, :description, :uri)
                    ON CONFLICT (tenant_id, id) DO UPDATE
                    SET parent_id = EXCLUDED.parent_id, name = EXCLUDED.name, description = EXCLUDED.description,
                        external_uri = EXCLUDED.external_uri, updated_at = now()
                    WHERE (c.parent_id, c.name, c.description, c.external_uri) IS DISTINCT FROM
                          (EXCLUDED.parent_id, EXCLUDED.name, EXCLUDED.description, EXCLUDED.external_uri)
                    RETURNING (xmax = 0)""")
                    .param("tenant", tenant)
                    .param("id", c.id())
                    .param("framework", frameworkId)
                    .param("parent", empty(c.parentId()))
                    .param("name", c.name())
                    .param("description", empty(c.description()))
                    .param("uri", empty(c.externalUri()))));
            auditOutcome(tenant, actor, outcome, "competency", c.id());
            tally.add(outcome);
        }
        return tally.counts(competencies.size());
    }

    @Transactional
    public ImportCounts importRoles(String tenantId, String tenantName, String actorName, List<Role> roles) {
        String tenant = Fields.tenantId(tenantId);
        String actor = Fields.actor(actorName);
        FirstPositions positions = new FirstPositions("roles");
        for (int i = 0; i < roles.size(); i++) {
            Role role = roles.get(i);
            String field = "roles[" + i + "]";
            String id = Fields.id(field + ".id", role.id());
            positions.claim(id, i, field + ".id");
            Fields.name(field + ".name", role.name(), 500);
            Fields.text(field + ".description", role.description(), Fields.MAX_LONG_TEXT);
            Fields.text(field + ".external_uri", role.externalUri(), Fields.MAX_URI);
            if (role.requirements().size() > 500) {
                throw new InvalidDataException(field + ".requirements",
                        "at most 500, was " + role.requirements().size());
            }
            Set<String> required = new HashSet<>();
            for (int j = 0; j < role.requirements().size(); j++) {
                Requirement r = role.requirements().get(j);
                String rf = field + ".requirements[" + j + "]";
                String competency = Fields.id(rf + ".competency_id", r.competencyId());
                if (!required.add(competency)) {
                    throw new InvalidDataException(rf + ".competency_id", quoted(competency) + " required twice");
                }
                if (r.requiredLevel() < 1 || r.requiredLevel() > 10) {
                    throw new InvalidDataException(rf + ".required_level", "1 to 10, was " + r.requiredLevel());
                }
            }
        }
        tenants.ensure(tenant, tenantName, actor);
        Set<String> competencies = ids("SELECT id FROM company.competency WHERE tenant_id = :tenant", tenant);
        Set<String> levels = ids("SELECT level::text FROM company.proficiency_level WHERE tenant_id = :tenant",
                tenant);
        Tally tally = new Tally();
        for (int i = 0; i < roles.size(); i++) {
            Role role = roles.get(i);
            String field = "roles[" + i + "]";
            Map<String, String> wanted = new LinkedHashMap<>();
            for (int j = 0; j < role.requirements().size(); j++) {
                Requirement r = role.requirements().get(j);
                String rf = field + ".requirements[" + j + "]";
                if (!competencies.contains(r.competencyId())) {
                    throw new InvalidDataException(rf + ".competency_id",
                            "unknown competency " + quoted(r.competencyId()));
                }
                if (!levels.contains(Integer.toString(r.requiredLevel()))) {
                    throw new InvalidDataException(rf + ".required_level",
                            r.requiredLevel() + " is not on the tenant's proficiency scale");
                }
                wanted.put(r.competencyId(), r.requiredLevel() + "/" + r.importance());
            }
            Outcome row = guarded(field, () -> upsert(jdbc.sql("""
                    INSERT INTO company.role AS r (tenant_id, id, name, description, external_uri)
                    VALUES (:tenant, :id, :name, :description, :uri)
                    ON CONFLICT (tenant_id, id) DO UPDATE
                    SET name = EXCLUDED.name, description = EXCLUDED.description,
                        external_uri = EXCLUDED.external_uri, updated_at = now()
                    WHERE (r.name, r.description, r.external_uri)
                          IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.description, EXCLUDED.external_uri)
                    RETURNING (xmax = 0)""")
                    .param("tenant", tenant)
                    .param("id", role.id())
                    .param("name", role.name())
                    .param("description", empty(role.description()))
                    .param("uri", empty(role.externalUri()))));
            Map<String, String> stored = new HashMap<>();
            jdbc.sql("""
                    SELECT competency_id, required_level || '/' || importance
                    FROM company.role_competency_requirement WHERE tenant_id = :tenant AND role_id = :role""")
                    .param("tenant", tenant)
                    .param("role", role.id())
                    .query((rs, n) -> stored.put(rs.getString(1), rs.getString(2)))
                    .list();
            boolean requirementsChanged = !stored.equals(wanted);
            if (requirementsChanged) {
                jdbc.sql("DELETE FROM company.role_competency_requirement WHERE tenant_id = :tenant AND role_id = :role")
                        .param("tenant", tenant)
                        .param("role", role.id())
                        .update();
                for (Requirement r : role.requirements()) {
                    jdbc.sql("""
                            INSERT INTO company.role_competency_requirement
                                (tenant_id, role_id, competency_id, required_level, importance)
                            VALUES (:tenant, :role, :competency, :level, :importance)""")
                            .param("tenant", tenant)
                            .param("role", role.id())
                            .param("competency", r.competencyId())
                            .param("level", r.requiredLevel())
                            .param("importance", r.importance())
                            .update();
                }
            }
            Outcome outcome = row == Outcome.UNCHANGED && requirementsChanged ? Outcome.UPDATED : row;
            auditOutcome(tenant, actor, outcome, "role", role.id());
            tally.add(outcome);
        }
        return tally.counts(roles.size());
    }

    @Transactional
    public ImportCounts importTeams(String tenantId, String tenantName, String actorName, List<Team> teams) {
        String tenant = Fields.tenantId(tenantId);
        String actor = Fields.actor(actorName);
        FirstPositions positions = new FirstPositions("teams");
        for (int i = 0; i < teams.size(); i++) {
            Team team = teams.get(i);
            String field = "teams[" + i + "]";
            String id = Fields.id(field + ".id", team.id());
            positions.claim(id, i, field + ".id");
            Fields.name(field + ".name", team.name(), 200);
            Fields.optionalId(field + ".manager_id", team.managerId());
        }
        tenants.ensure(tenant, tenantName, actor);
        // An erased employee cannot manage a team again (their id stays only as a tombstone).
        Set<String> employees = ids("SELECT id FROM company.employee WHERE tenant_id = :tenant AND erased_at IS NULL",
                tenant);
        Tally tally = new Tally();
        for (int i = 0; i < teams.size(); i++) {
            Team team = teams.get(i);
            String manager = empty(team.managerId());
            if (manager != null && !employees.contains(manager)) {
                throw new InvalidDataException("teams[" + i + "].manager_id", "unknown employee " + quoted(manager));
            }
            Outcome outcome = guarded("teams[" + i + "]", () -> upsert(jdbc.sql("""
                    INSERT INTO company.team AS t (tenant_id, id, name, manager_id)
                    VALUES (:tenant, :id, :name, :manager)
                    ON CONFLICT (tenant_id, id) DO UPDATE
                    SET name = EXCLUDED.name, manager_id = EXCLUDED.manager_id, updated_at = now()
                    WHERE (t.name, t.manager_id) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.manager_id)
                    RETURNING (xmax = 0)""")
                    .param("tenant", tenant)
                    .param("id", team.id())
                    .param("name", team.name())
                    .param("manager", manager)));
            auditOutcome(tenant, actor, outcome, "team", team.id());
            tally.add(outcome);
        }
        events.publishEvent(new CompanyPeopleChanged(tenant)); // e.g. the Camunda identity sync, in this transaction
        return tally.counts(teams.size());
    }

    @Transactional
    public ImportCounts importEmployees(String tenantId, String tenantName, String actorName,
            List<Employee> employees) {
        String tenant = Fields.tenantId(tenantId);
        String actor = Fields.actor(actorName);
        FirstPositions positions = new FirstPositions("employees");
        Map<String, Integer> emails = new HashMap<>();
        for (int i = 0; i < employees.size(); i++) {
            Employee e = employees.get(i);
            String field = "employees[" + i + "]";
            String id = Fields.id(field + ".id", e.id());
            positions.claim(id, i, field + ".id");
            String email = Fields.text(field + ".email", e.email(), 320);
            if (email != null) {
                int at = email.indexOf('@');
                if (at < 1 || at == email.length() - 1 || email.isBlank()) {
                    throw new InvalidDataException(field + ".email", "not an e-mail address");
                }
                Integer other = emails.putIfAbsent(email.toLowerCase(Locale.ROOT), i);
                if (other != null) {
                    throw new InvalidDataException(field + ".email",
                            "the same address as employees[" + other + "].email");
                }
            }
            Fields.text(field + ".display_name", e.displayName(), 200);
            Fields.optionalId(field + ".role_id", e.roleId());
            Fields.optionalId(field + ".team_id", e.teamId());
            String manager = Fields.optionalId(field + ".manager_id", e.managerId());
            if (id.equals(manager)) {
                throw new InvalidDataException(field + ".manager_id", "an employee cannot manage themself");
            }
        }
        tenants.ensure(tenant, tenantName, actor);
        Set<String> roles = ids("SELECT id FROM company.role WHERE tenant_id = :tenant", tenant);
        Set<String> teams = ids("SELECT id FROM company.team WHERE tenant_id = :tenant", tenant);
        Set<String> known = ids("SELECT id FROM company.employee WHERE tenant_id = :tenant", tenant);
        known.addAll(positions.ids());
        // An erased employee's id stays as a tombstone (EraseEmployee); importing it again would bring them back.
        Set<String> erased = ids("SELECT id FROM company.employee WHERE tenant_id = :tenant AND erased_at IS NOT NULL",
                tenant);
        // Managers may come later in the stream; the deferrable foreign key is checked at commit.
        jdbc.sql("SET CONSTRAINTS ALL DEFERRED").update();
        Tally tally = new Tally();
        for (int i = 0; i < employees.size(); i++) {
            Employee e = employees.get(i);
            String field = "employees[" + i + "]";
            String role = empty(e.roleId());
            String team = empty(e.teamId());
            String manager = empty(e.managerId());
            if (erased.contains(e.id())) {
                throw new InvalidDataException(field + ".id", quoted(e.id()) + " was erased (GDPR); use a new id");
            }
            if (erased.contains(manager)) {
                throw new InvalidDataException(field + ".manager_id", "employee " + quoted(manager) + " was erased");
            }
            if (role != null && !roles.contains(role)) {
                throw new InvalidDataException(field + ".role_id", "unknown role " + quoted(role));
            }
            if (team != null && !teams.contains(team)) {
                throw new InvalidDataException(field + ".team_id", "unknown team " + quoted(team));
            }
            if (manager != null && !known.contains(manager)) {
                throw new InvalidDataException(field + ".manager_id", "unknown employee " + quoted(manager));
            }
            Outcome outcome = guarded(field, () -> upsert(jdbc.sql("""
                    INSERT INTO company.employee AS e
                        (tenant_id, id, email, display_name, role_id, team_id, manager_id, active)
                    VALUES (:tenant, :id, :email, :name, :role, :team, :manager, :active)
                    ON CONFLICT (tenant_id, id) DO UPDATE
                    SET email = EXCLUDED.email, display_name = EXCLUDED.display_name, role_id = EXCLUDED.role_id,
                        team_id = EXCLUDED.team_id, manager_id = EXCLUDED.manager_id, active = EXCLUDED.active,
                        updated_at = now()
                    WHERE (e.email, e.display_name, e.role_id, e.team_id, e.manager_id, e.active)
                          IS DISTINCT FROM (EXCLUDED.email, EXCLUDED.display_name, EXCLUDED.role_id,
                                            EXCLUDED.team_id, EXCLUDED.manager_id, EXCLUDED.active)
                    RETURNING (xmax = 0)""")
                    .param("tenant", tenant)
                    .param("id", e.id())
                    .param("email", empty(e.email()))
                    .param("name", empty(e.displayName()))
                    .param("role", role)
                    .param("team", team)
                    .param("manager", manager)
                    .param("active", e.active())));
            auditOutcome(tenant, actor, outcome, "employee", e.id());
            tally.add(outcome);
        }
        jdbc.sql("SET CONSTRAINTS ALL IMMEDIATE").update();
        events.publishEvent(new CompanyPeopleChanged(tenant)); // e.g. the Camunda identity sync, in this transaction
        return tally.counts(employees.size());
    }

    private Set<String> ids(String sql, String tenant) {
        return new HashSet<>(jdbc.sql(sql).param("tenant", tenant).query(String.class).list());
    }

    private static Outcome upsert(JdbcClient.StatementSpec statement) {
        List<Boolean> inserted = statement.query(Boolean.class).list();
        if (inserted.isEmpty()) {
            return Outcome.UNCHANGED;
        }
        return inserted.getFirst() ? Outcome.CREATED : Outcome.UPDATED;
    }

    private void auditOutcome(String tenant, String actor, Outcome outcome, String type, String id) {
        if (outcome != Outcome.UNCHANGED) {
            audit.record(tenant, actor, outcome == Outcome.CREATED ? "CREATE" : "UPDATE", type, id, null);
        }
    }

    private static int depth(String id, Map<String, String> parentOf, Map<String, Integer> memo) {
        Integer known = memo.get(id);
        if (known != null) {
            return known;
        }
        int d = 0;
        for (String at = parentOf.get(id); at != null && d <= parentOf.size(); at = parentOf.get(at)) {
            d++;
        }
        memo.put(id, d);
        return d;
    }

    static String empty(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /** Runs one item's write; a database constraint refusing it becomes INVALID_ARGUMENT naming the item. */
    static <T> T guarded(String field, Supplier<T> write) {
        try {
            return write.get();
        } catch (DataIntegrityViolationException e) {
            String constraint = constraint(e);
            String at = constraint != null && constraint.contains("email") ? field + ".email" : field;
            throw new InvalidDataException(at, "refused by the database"
                    + (constraint == null ? "" : " (constraint " + constraint + ")"));
        }
    }

    private static String constraint(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
                return Objects.toString(psql.getServerErrorMessage().getConstraint(), null);
            }
        }
        return null;
    }
}
