package dev.upskill.journey.identity;

import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GLOBAL;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.task.TaskQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What must exist before the first request (it runs when the context's singletons are ready, before the web server
 * accepts connections, so the webapps' "create an administrator" page is never reachable): the administrator
 * ({@code upskill.journey.admin-user}) in {@code camunda-admin} with ALL on every resource; the groups
 * {@code managers} and {@code hr}; the grants (only added when missing, so an administrator's later changes to
 * other grants stay); the Tasklist filters; and a sync of every tenant already in the company schema.
 * <ul>
 *   <li>everyone (global): access to Tasklist, READ on the filters "My tasks" and "My team's tasks";</li>
 *   <li>{@code managers}: READ and CREATE_INSTANCE on the manager processes ({@link #MANAGER_PROCESSES}), CREATE on
 *       process instances, so they can start them from Tasklist;</li>
 *   <li>{@code hr}: ALL on process definitions, process instances, deployments, tasks and their history, access to
 *       Cockpit and Tasklist;</li>
 *   <li>tasks: the engine itself grants READ and UPDATE ({@code defaultUserPermissionForTask}) on a task to its
 *       assignee and candidate users/groups, so an employee works their own tasks and a team's manager the tasks
 *       whose candidate group is the team's group {@link CamundaIds#teamGroup}.</li>
 * </ul>
 */
@Component
class AccessBootstrap implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(AccessBootstrap.class);
    static final String MY_TASKS = "My tasks";
    static final String TEAM_TASKS = "My team's tasks";
    /** The processes in bpmn/ a manager starts from Tasklist. */
    static final List<String> MANAGER_PROCESSES = List.of("manager-feedback", "set-requirements", "assign-course");

    private final ProcessEngine engine;
    private final IdentityProperties properties;
    private final IdentitySync sync;
    private final JdbcClient jdbc;

    AccessBootstrap(ProcessEngine engine, IdentityProperties properties, IdentitySync sync, JdbcClient jdbc) {
        this.engine = engine;
        this.properties = properties;
        this.sync = sync;
        this.jdbc = jdbc;
    }

    @Override
    public void afterSingletonsInstantiated() {
        IdentityService identity = engine.getIdentityService();
        IdentitySync.ensureGroup(identity, Groups.CAMUNDA_ADMIN, "Camunda administrators", Groups.GROUP_TYPE_SYSTEM);
        IdentitySync.ensureGroup(identity, CamundaIds.MANAGERS, "Managers", Groups.GROUP_TYPE_WORKFLOW);
        IdentitySync.ensureGroup(identity, CamundaIds.HR, "HR", Groups.GROUP_TYPE_WORKFLOW);
        createAdmin(identity);

        for (Resource resource : Resources.values()) {
            grant(null, Groups.CAMUNDA_ADMIN, resource, Authorization.ANY, Permissions.ALL);
        }
        for (Resource resource : List.of(Resources.PROCESS_DEFINITION, Resources.PROCESS_INSTANCE,
                Resources.DEPLOYMENT, Resources.TASK, Resources.HISTORIC_TASK, Resources.HISTORIC_PROCESS_INSTANCE,
                Resources.DECISION_DEFINITION, Resources.DECISION_REQUIREMENTS_DEFINITION)) {
            grant(null, CamundaIds.HR, resource, Authorization.ANY, Permissions.ALL);
        }
        grant(null, CamundaIds.HR, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
        grant(null, CamundaIds.HR, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
        grant(Authorization.ANY, null, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
        // Managers start the manager processes from Tasklist's "Start process" menu (HR can start anything).
        for (String process : MANAGER_PROCESSES) {
            grant(null, CamundaIds.MANAGERS, Resources.PROCESS_DEFINITION, process, Permissions.READ);
            grant(null, CamundaIds.MANAGERS, Resources.PROCESS_DEFINITION, process,
                    ProcessDefinitionPermissions.CREATE_INSTANCE);
        }
        grant(null, CamundaIds.MANAGERS, Resources.PROCESS_INSTANCE, Authorization.ANY, Permissions.CREATE);
        filter(MY_TASKS, -10, engine.getTaskService().createTaskQuery().taskAssigneeExpression("${currentUser()}"));
        filter(TEAM_TASKS, 0, engine.getTaskService().createTaskQuery()
                .taskCandidateGroupInExpression("${currentUserGroups()}").includeAssignedTasks());

        for (String tenant : jdbc.sql("SELECT id FROM company.tenant ORDER BY id").query(String.class).list()) {
            sync.sync(tenant);
        }
    }

    private void createAdmin(IdentityService identity) {
        String id = properties.adminUser();
        if (identity.createUserQuery().userId(id).count() == 0) {
            String password = properties.adminPassword();
            if (password == null || password.isEmpty()) {
                byte[] random = new byte[18];
                new SecureRandom().nextBytes(random);
                password = Base64.getUrlEncoder().encodeToString(random);
                log.warn("Created the Camunda administrator \"{}\" with the random password {} (set "
                        + "UPSKILL_JOURNEY_ADMIN_PASSWORD before the first start to choose it; change it in the Admin "
                        + "webapp)", id, password);
            } else {
                log.info("Created the Camunda administrator \"{}\" (password from upskill.journey.admin-password)", id);
            }
            User admin = identity.newUser(id);
            admin.setFirstName("Administrator");
            admin.setLastName("");
            admin.setPassword(password);
            identity.saveUser(admin);
        }
        if (identity.createUserQuery().userId(id).memberOfGroup(Groups.CAMUNDA_ADMIN).count() == 0) {
            identity.createMembership(id, Groups.CAMUNDA_ADMIN);
        }
    }

    /**
     * Adds a grant of {@code permission} to a user ({@code "*"}: everyone, global) or a group, unless present: to the
     * existing authorization of that user or group on that resource when there is one (Camunda allows one per
     * resource and id), else in a new one.
     */
    private void grant(String user, String group, Resource resource, String resourceId,
            org.camunda.bpm.engine.authorization.Permission permission) {
        AuthorizationService authorizations = engine.getAuthorizationService();
        var query = authorizations.createAuthorizationQuery().resourceType(resource).resourceId(resourceId);
        query = user != null ? query.userIdIn(user) : query.groupIdIn(group);
        Authorization auth = query.singleResult();
        if (auth != null && auth.isPermissionGranted(permission)) {
            return;
        }
        if (auth == null) {
            boolean global = Authorization.ANY.equals(user);
            auth = authorizations.createNewAuthorization(global ? AUTH_TYPE_GLOBAL : AUTH_TYPE_GRANT);
            if (global) {
                auth.setUserId(Authorization.ANY);
            } else {
                auth.setGroupId(group);
            }
            auth.setResource(resource);
            auth.setResourceId(resourceId);
        }
        auth.addPermission(permission);
        authorizations.saveAuthorization(auth);
    }

    private void filter(String name, int priority, TaskQuery query) {
        FilterService filters = engine.getFilterService();
        Filter filter = filters.createTaskFilterQuery().filterName(name).singleResult();
        if (filter == null) {
            filter = filters.newTaskFilter(name).setOwner(properties.adminUser()).setQuery(query)
                    .setProperties(Map.of("priority", priority, "description", name));
            filters.saveFilter(filter);
        }
        grant(Authorization.ANY, null, Resources.FILTER, filter.getId(), Permissions.READ);
    }
}
