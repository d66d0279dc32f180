package dev.upskill.journey.identity;

import dev.upskill.journey.data.CompanyPeopleChanged;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.Tenant;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Makes Camunda's users, groups and tenants follow one company tenant's data. Runs inside the import's transaction
 * (Camunda joins Spring's transaction on the same data source), so a failed import leaves Camunda unchanged too.
 * Idempotent: it computes the wanted state from the company tables and applies only the differences.
 * <ul>
 *   <li>a Camunda tenant per company tenant; every user and team group of that tenant is its member (that is how
 *       the sync finds what it made before);</li>
 *   <li>each active, not erased employee is a user ({@link CamundaIds#user}); others lose their user;</li>
 *   <li>each team is a group {@link CamundaIds#teamGroup} (type {@code team}) whose member is the team's manager;</li>
 *   <li>{@code managers}: every employee who manages a team or another employee;</li>
 *   <li>{@code hr}: the tenant's employees listed in {@code upskill.journey.hr-users}.</li>
 * </ul>
 * Passwords: a new user gets {@code upskill.journey.initial-password} when set, none otherwise (no login until an
 * administrator sets one); the sync never changes a password afterwards.
 */
@Component
public class IdentitySync {

    private static final Logger log = LoggerFactory.getLogger(IdentitySync.class);

    private record Person(String id, String email, String displayName) {
    }

    private final JdbcClient jdbc;
    private final IdentityService identity;
    private final IdentityProperties properties;

    IdentitySync(JdbcClient jdbc, IdentityService identity, IdentityProperties properties) {
        this.jdbc = jdbc;
        this.identity = identity;
        this.properties = properties;
    }

    @EventListener
    void onPeopleChanged(CompanyPeopleChanged event) {
        sync(event.tenantId());
    }

    /** Brings the Camunda identity of {@code tenant} in line with the company data. */
    @Transactional
    public void sync(String tenant) {
        ensureGroup(identity, CamundaIds.MANAGERS, "Managers", Groups.GROUP_TYPE_WORKFLOW);
        ensureGroup(identity, CamundaIds.HR, "HR", Groups.GROUP_TYPE_WORKFLOW);
        String tenantName = jdbc.sql("SELECT name FROM company.tenant WHERE id = :t").param("t", tenant)
                .query(String.class).optional().orElse(tenant);
        Tenant camundaTenant = identity.createTenantQuery().tenantId(tenant).singleResult();
        if (camundaTenant == null) {
            camundaTenant = identity.newTenant(tenant);
            camundaTenant.setName(tenantName);
            identity.saveTenant(camundaTenant);
        } else if (!Objects.equals(camundaTenant.getName(), tenantName)) {
            camundaTenant.setName(tenantName);
            identity.saveTenant(camundaTenant);
        }

        Map<String, Person> people = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT id, email, display_name FROM company.employee
                WHERE tenant_id = :t AND active AND erased_at IS NULL ORDER BY id""")
                .param("t", tenant)
                .query((rs, n) -> people.put(CamundaIds.user(tenant, rs.getString(1)),
                        new Person(rs.getString(1), rs.getString(2), rs.getString(3))))
                .list();
        int[] changes = new int[1];
        syncUsers(tenant, people, changes);

        Map<String, String> teamNames = new LinkedHashMap<>();
        Map<String, Set<String>> wanted = new HashMap<>();
        jdbc.sql("SELECT id, name, manager_id FROM company.team WHERE tenant_id = :t ORDER BY id")
                .param("t", tenant)
                .query((rs, n) -> {
                    String group = CamundaIds.teamGroup(tenant, rs.getString(1));
                    teamNames.put(group, rs.getString(2));
                    Set<String> members = wanted.computeIfAbsent(group, g -> new HashSet<>());
                    if (rs.getString(3) != null) {
                        members.add(CamundaIds.user(tenant, rs.getString(3)));
                    }
                    return null;
                })
                .list();
        syncTeamGroups(tenant, teamNames, changes);

        Set<String> managers = new HashSet<>();
        jdbc.sql("""
                SELECT manager_id FROM company.team WHERE tenant_id = :t AND manager_id IS NOT NULL
                UNION SELECT manager_id FROM company.employee WHERE tenant_id = :t AND manager_id IS NOT NULL""")
                .param("t", tenant)
                .query(String.class)
                .list()
                .forEach(m -> managers.add(CamundaIds.user(tenant, m)));
        wanted.put(CamundaIds.MANAGERS, managers);
        Set<String> hr = new HashSet<>();
        for (String entry : properties.hrUsers()) {
            int colon = entry.indexOf(':');
            if (entry.substring(0, colon).equals(tenant)) {
                hr.add(CamundaIds.user(tenant, entry.substring(colon + 1)));
            }
        }
        wanted.put(CamundaIds.HR, hr);
        for (Map.Entry<String, Set<String>> group : wanted.entrySet()) {
            Set<String> members = new HashSet<>(group.getValue());
            members.retainAll(people.keySet()); // inactive or unknown employees have no user
            syncMembers(tenant, group.getKey(), members, changes);
        }
        if (changes[0] > 0) {
            log.info("Camunda identity of tenant {}: {} changes ({} users, {} team groups)", tenant, changes[0],
                    people.size(), teamNames.size());
        }
    }

    private void syncUsers(String tenant, Map<String, Person> people, int[] changes) {
        Map<String, User> existing = new HashMap<>();
        for (User user : identity.createUserQuery().memberOfTenant(tenant).list()) {
            existing.put(user.getId(), user);
        }
        for (Map.Entry<String, Person> entry : people.entrySet()) {
            Person person = entry.getValue();
            String name = person.displayName() == null || person.displayName().isBlank()
                    ? person.id() : person.displayName().strip();
            int space = name.lastIndexOf(' ');
            String first = limit(space > 0 ? name.substring(0, space) : name);
            String last = space > 0 ? limit(name.substring(space + 1)) : "";
            String email = person.email() != null && person.email().length() <= 255 ? person.email() : null;
            User user = existing.remove(entry.getKey());
            if (user == null) {
                user = identity.createUserQuery().userId(entry.getKey()).singleResult();
                boolean isNew = user == null;
                if (isNew) {
                    user = identity.newUser(entry.getKey());
                    if (properties.initialPassword() != null && !properties.initialPassword().isEmpty()) {
                        user.setPassword(properties.initialPassword());
                    }
                }
                user.setFirstName(first);
                user.setLastName(last);
                user.setEmail(email);
                identity.saveUser(user);
                identity.createTenantUserMembership(tenant, entry.getKey());
                changes[0]++;
            } else if (!Objects.equals(user.getFirstName(), first) || !Objects.equals(user.getLastName(), last)
                    || !Objects.equals(user.getEmail(), email)) {
                user.setFirstName(first);
                user.setLastName(last);
                user.setEmail(email);
                identity.saveUser(user);
                changes[0]++;
            }
        }
        for (String gone : existing.keySet()) {
            identity.deleteUser(gone); // also removes its group and tenant memberships
            changes[0]++;
        }
    }

    private void syncTeamGroups(String tenant, Map<String, String> teamNames, int[] changes) {
        Map<String, Group> existing = new HashMap<>();
        for (Group group : identity.createGroupQuery().memberOfTenant(tenant).groupType(CamundaIds.TEAM_GROUP_TYPE)
                .list()) {
            existing.put(group.getId(), group);
        }
        for (Map.Entry<String, String> team : teamNames.entrySet()) {
            String name = limit(team.getValue());
            Group group = existing.remove(team.getKey());
            if (group == null) {
                group = identity.newGroup(team.getKey());
                group.setName(name);
                group.setType(CamundaIds.TEAM_GROUP_TYPE);
                identity.saveGroup(group);
                identity.createTenantGroupMembership(tenant, team.getKey());
                changes[0]++;
            } else if (!Objects.equals(group.getName(), name)) {
                group.setName(name);
                identity.saveGroup(group);
                changes[0]++;
            }
        }
        for (String gone : existing.keySet()) {
            identity.deleteGroup(gone);
            changes[0]++;
        }
    }

    /** The members of {@code group} from {@code tenant} become {@code wanted}; other tenants' members stay. */
    private void syncMembers(String tenant, String group, Set<String> wanted, int[] changes) {
        Set<String> current = new HashSet<>();
        List<User> members = identity.createUserQuery().memberOfGroup(group).memberOfTenant(tenant).list();
        members.forEach(u -> current.add(u.getId()));
        for (String user : wanted) {
            if (!current.remove(user)) {
                identity.createMembership(user, group);
                changes[0]++;
            }
        }
        for (String user : current) {
            identity.deleteMembership(user, group);
            changes[0]++;
        }
    }

    static void ensureGroup(IdentityService identity, String id, String name, String type) {
        if (identity.createGroupQuery().groupId(id).count() == 0) {
            Group group = identity.newGroup(id);
            group.setName(name);
            group.setType(type);
            identity.saveGroup(group);
        }
    }

    private static String limit(String value) {
        return value.length() <= 255 ? value : value.substring(0, 255);
    }
}
