package dev.upskill.journey.privacy;

import static dev.upskill.journey.data.Fields.quoted;

import dev.upskill.journey.data.AuditLog;
import dev.upskill.journey.data.CompanyPeopleChanged;
import dev.upskill.journey.data.Fields;
import dev.upskill.journey.data.UnknownEntityException;
import dev.upskill.journey.identity.CamundaIds;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricDecisionInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * GDPR erasure of one employee (EraseEmployee), in one transaction that Camunda joins: the company schema's rows about
 * or by the employee are deleted or anonymised, the employee row stays as a tombstone (id, {@code erased_at}), the
 * Camunda user goes, the employee's process instances (business key = employee id, of this tenant) are deleted with
 * their history, and the employee's traces in other instances are anonymised. One {@code audit_log} row
 * ({@code ERASE employee}) records who erased whom and how many rows per table; a repeat changes nothing. What is
 * deleted, what is anonymised and why: docs/journey-engine.md, "GDPR erasure".
 */
@Service
public class EmployeeErasure {

    /**
     * The process variable that names a process instance's company tenant. A process instance belongs to the
     * employee when its business key is the employee id and its Camunda tenant id or this variable is the tenant.
     */
    public static final String TENANT_VARIABLE = "tenantId";
    /** What replaces an audit actor that named the erased employee. */
    static final String ERASED_ACTOR = "erased-employee";
    private static final String REASON = "GDPR erasure";

    /**
     * @param erasedAt when the employee was erased (the first erasure's time on a repeat)
     * @param rowsByTable rows changed or deleted per table ({@code company.<table>}, {@code camunda.<what>}); empty on
     *     a repeat
     */
    public record Result(OffsetDateTime erasedAt, Map<String, Long> rowsByTable) {
    }

    private record Subject(String tenant, String id, String email, String displayName, String user) {
    }

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final ProcessEngine engine;

    public EmployeeErasure(JdbcClient jdbc, AuditLog audit, ApplicationEventPublisher events, ProcessEngine engine) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.events = events;
        this.engine = engine;
    }

    @Transactional
    public Result erase(String tenantId, String employeeId, String actorName) {
        String tenant = Fields.tenantId(tenantId);
        String employee = Fields.id("employee_id", employeeId);
        String actor = Fields.name("actor", actorName, 200);
        List<Object[]> found = jdbc.sql("""
                SELECT email, display_name, erased_at FROM company.employee
                WHERE tenant_id = :t AND id = :e FOR UPDATE""")
                .param("t", tenant).param("e", employee)
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class)})
                .list();
        if (found.isEmpty()) {
            throw new UnknownEntityException("employee_id", "unknown employee " + quoted(employee));
        }
        if (found.getFirst()[2] instanceof OffsetDateTime erasedAt) {
            return new Result(erasedAt, Map.of());
        }
        Subject subject = new Subject(tenant, employee, (String) found.getFirst()[0], (String) found.getFirst()[1],
                CamundaIds.user(tenant, employee));
        Map<String, Long> rows = new LinkedHashMap<>();
        OffsetDateTime erasedAt = eraseCompanyData(subject, rows);
        eraseCamundaData(subject, rows);
        StringBuilder details = new StringBuilder("{\"rows_by_table\": {");
        rows.forEach((table, count) -> details.append(details.charAt(details.length() - 1) == '{' ? "" : ", ")
                .append('"').append(table).append("\": ").append(count));
        audit.record(tenant, actor, "ERASE", "employee", employee, details.append("}}").toString());
        return new Result(erasedAt, rows);
    }

    // ---- company schema ----

    private OffsetDateTime eraseCompanyData(Subject s, Map<String, Long> rows) {
        // Audit rows stay (who changed what, when). Details go from rows about the employee or their feedback and
        // from rows whose details mention them; an actor naming them (e-mail, display name, Camunda user id)
        // becomes a placeholder.
        String strip = """
                ((entity_type = 'employee' AND entity_id = :e)
                 OR (entity_type = 'feedback' AND entity_id IN (SELECT id::text FROM company.feedback
                                                                WHERE tenant_id = :t AND employee_id = :e))
                 OR strpos(lower(details::text), lower(:email)) > 0 OR strpos(lower(details::text), lower(:name)) > 0
                 OR strpos(details::text, :user) > 0)""";
        String named = "lower(actor) IN (lower(:email), lower(:name), lower(:user))";
        add(rows, "company.audit_log", update("UPDATE company.audit_log SET details = CASE WHEN " + strip
                + " THEN NULL ELSE details END, actor = CASE WHEN " + named + " THEN :erased ELSE actor END"
                + " WHERE tenant_id = :t AND ((details IS NOT NULL AND " + strip + ") OR " + named + ")", s));
        // Feedback about them goes; feedback they wrote about others stays as anonymous feedback (it is the other
        // employee's record), without its author.
        add(rows, "company.feedback_competency", update("""
                DELETE FROM company.feedback_competency WHERE tenant_id = :t AND feedback_id IN
                    (SELECT id FROM company.feedback WHERE tenant_id = :t AND employee_id = :e)""", s));
        add(rows, "company.feedback", update(
                "DELETE FROM company.feedback WHERE tenant_id = :t AND employee_id = :e", s));
        add(rows, "company.feedback", update(
                "UPDATE company.feedback SET author_id = NULL WHERE tenant_id = :t AND author_id = :e", s));
        add(rows, "company.employee_competency", update(
                "DELETE FROM company.employee_competency WHERE tenant_id = :t AND employee_id = :e", s));
        add(rows, "company.employee_competency_history", update(
                "DELETE FROM company.employee_competency_history WHERE tenant_id = :t AND employee_id = :e", s));
        add(rows, "company.employee_competency_history", update("""
                UPDATE company.employee_competency_history SET changed_by = NULL
                WHERE tenant_id = :t AND lower(changed_by) IN (lower(:e), lower(:email), lower(:name), lower(:user))""",
                s));
        String sessions = "SELECT id FROM company.assessment_session WHERE tenant_id = :t AND employee_id = :e";
        String questions = "SELECT id FROM company.assessment_question WHERE tenant_id = :t AND session_id IN ("
                + sessions + ")";
        add(rows, "company.assessment_answer", update(
                "DELETE FROM company.assessment_answer WHERE tenant_id = :t AND question_id IN (" + questions + ")",
                s));
        add(rows, "company.assessment_competency_score", update(
                "DELETE FROM company.assessment_competency_score WHERE tenant_id = :t AND session_id IN (" + sessions
                        + ")", s));
        add(rows, "company.assessment_question", update(
                "DELETE FROM company.assessment_question WHERE tenant_id = :t AND session_id IN (" + sessions + ")",
                s));
        add(rows, "company.assessment_session", update(
                "DELETE FROM company.assessment_session WHERE tenant_id = :t AND employee_id = :e", s));
        // The gaps' evidence may quote feedback about them.
        add(rows, "company.journey_gap", update(
                "DELETE FROM company.journey_gap WHERE tenant_id = :t AND employee_id = :e", s));
        add(rows, "company.learning_event", update(
                "DELETE FROM company.learning_event WHERE tenant_id = :t AND employee_id = :e", s));
        add(rows, "company.learning_path_item", update("""
                DELETE FROM company.learning_path_item WHERE tenant_id = :t AND path_id IN
                    (SELECT id FROM company.learning_path WHERE tenant_id = :t AND employee_id = :e)""", s));
        add(rows, "company.learning_path", update(
                "DELETE FROM company.learning_path WHERE tenant_id = :t AND employee_id = :e", s));
        add(rows, "company.learning_path", update("""
                UPDATE company.learning_path
                SET created_by = CASE WHEN lower(created_by) IN (lower(:e), lower(:email), lower(:name), lower(:user))
                                      THEN NULL ELSE created_by END,
                    approved_by = CASE WHEN lower(approved_by) IN (lower(:e), lower(:email), lower(:name), lower(:user))
                                       THEN NULL ELSE approved_by END
                WHERE tenant_id = :t AND (lower(created_by) IN (lower(:e), lower(:email), lower(:name), lower(:user))
                    OR lower(approved_by) IN (lower(:e), lower(:email), lower(:name), lower(:user)))""", s));
        // Anonymous training data for the assignment model (see the schema).
        add(rows, "company.assignment_outcome", update(
                "UPDATE company.assignment_outcome SET employee_id = NULL WHERE tenant_id = :t AND employee_id = :e",
                s));
        add(rows, "company.team", update("""
                UPDATE company.team SET manager_id = NULL, updated_at = now()
                WHERE tenant_id = :t AND manager_id = :e""", s));
        add(rows, "company.employee", update("""
                UPDATE company.employee SET manager_id = NULL, updated_at = now()
                WHERE tenant_id = :t AND manager_id = :e""", s));
        // The tombstone: the id stays (foreign keys, a repeat, refusing a re-import), everything else about the
        // person goes.
        OffsetDateTime erasedAt = jdbc.sql("""
                UPDATE company.employee
                SET email = NULL, display_name = NULL, role_id = NULL, team_id = NULL, manager_id = NULL,
                    active = false, erased_at = now(), updated_at = now()
                WHERE tenant_id = :t AND id = :e RETURNING erased_at""")
                .param("t", s.tenant()).param("e", s.id())
                .query((rs, n) -> rs.getObject(1, OffsetDateTime.class))
                .single();
        add(rows, "company.employee", 1);
        return erasedAt;
    }

    private long update(String sql, Subject s) {
        JdbcClient.StatementSpec statement = jdbc.sql(sql).param("t", s.tenant()).param("e", s.id());
        // Unused names are ignored by JdbcClient; a NULL e-mail or name matches nothing in IN (...).
        return statement.param("email", s.email()).param("name", s.displayName()).param("user", s.user())
                .param("erased", ERASED_ACTOR).update();
    }

    // ---- Camunda ----

    private void eraseCamundaData(Subject s, Map<String, Long> rows) {
        String user = s.user();
        // The identity sync drops the user of an erased employee (with its group and tenant memberships); a user
        // made by hand outside the tenant is deleted here.
        IdentityService identity = engine.getIdentityService();
        List<String> info = identity.getUserInfoKeys(user);
        info.forEach(key -> identity.deleteUserInfo(user, key));
        add(rows, "camunda.user_info", info.size());
        long users = identity.createUserQuery().userId(user).count();
        events.publishEvent(new CompanyPeopleChanged(s.tenant()));
        if (identity.createUserQuery().userId(user).count() > 0) {
            identity.deleteUser(user);
        }
        add(rows, "camunda.user", users);

        List<String> instances = processInstances(s);
        List<String> running = instances.isEmpty() ? List.of() : engine.getRuntimeService()
                .createProcessInstanceQuery().processInstanceIds(new LinkedHashSet<>(instances)).list().stream()
                .map(ProcessInstance::getId).toList();
        if (!running.isEmpty()) {
            // Only the roots: deleting a journey deletes the stage it called (a called instance deleted on its own
            // after its caller would no longer exist). No listeners and no I/O mappings run: the instances vanish
            // without side effects.
            List<String> roots = engine.getRuntimeService().createProcessInstanceQuery()
                    .processInstanceIds(new LinkedHashSet<>(running)).rootProcessInstances().list().stream()
                    .map(ProcessInstance::getId).toList();
            engine.getRuntimeService().deleteProcessInstances(roots, REASON, true, true, false, true);
        }
        add(rows, "camunda.process_instance", running.size());

        // The user in other instances' running tasks: unassigned, no longer a candidate (before the history
        // cleanup below, because these calls log to the history).
        TaskService tasks = engine.getTaskService();
        List<Object[]> assigned = jdbc.sql("""
                SELECT id_, assignee_ = :user, owner_ = :user FROM public.act_ru_task
                WHERE assignee_ = :user OR owner_ = :user""")
                .param("user", user)
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getBoolean(2), rs.getBoolean(3)}).list();
        for (Object[] task : assigned) {
            if ((Boolean) task[1]) {
                tasks.setAssignee((String) task[0], null);
            }
            if ((Boolean) task[2]) {
                tasks.setOwner((String) task[0], null);
            }
        }
        add(rows, "camunda.task", assigned.size());
        List<String[]> links = jdbc.sql("""
                SELECT task_id_, proc_def_id_, type_ FROM public.act_ru_identitylink WHERE user_id_ = :user""")
                .param("user", user)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}).list();
        for (String[] link : links) {
            if (link[0] != null) {
                tasks.deleteUserIdentityLink(link[0], user, link[2]);
            } else if (link[1] != null) {
                engine.getRepositoryService().deleteCandidateStarterUser(link[1], user);
            }
        }
        add(rows, "camunda.identity_link", links.size());
        var authorizations = engine.getAuthorizationService().createAuthorizationQuery().userIdIn(user).list();
        authorizations.forEach(a -> engine.getAuthorizationService().deleteAuthorization(a.getId()));
        add(rows, "camunda.authorization", authorizations.size());
        var filters = engine.getFilterService().createFilterQuery().filterOwner(user).list();
        filters.forEach(f -> engine.getFilterService().deleteFilter(f.getId()));
        add(rows, "camunda.filter", filters.size());

        // Variables of other instances whose value is the user id, the e-mail address or the display name are
        // cleared (their history below).
        String naming = "text_ = :user OR lower(text_) = lower(:email) OR lower(text_) = lower(:name)";
        List<String[]> variables = jdbc.sql("SELECT execution_id_, task_id_, name_ FROM public.act_ru_variable WHERE "
                + naming).param("user", user).param("email", s.email()).param("name", s.displayName())
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}).list();
        for (String[] variable : variables) {
            if (variable[1] != null) {
                tasks.setVariableLocal(variable[1], variable[2], null);
            } else if (variable[0] != null) {
                engine.getRuntimeService().setVariableLocal(variable[0], variable[2], null);
            }
        }
        add(rows, "camunda.variable", variables.size());

        deleteHistory(instances, rows);
        anonymiseHistory(s, rows);
        add(rows, "camunda.historic_variable_instance", update(
                "UPDATE public.act_hi_varinst SET text_ = NULL WHERE " + naming, s));
        add(rows, "camunda.historic_detail", update("UPDATE public.act_hi_detail SET text_ = NULL WHERE " + naming, s));
    }

    /**
     * The employee's process instances, running or finished: business key = employee id and the tenant as Camunda
     * tenant id or {@link #TENANT_VARIABLE}, with their sub-process instances.
     */
    private List<String> processInstances(Subject s) {
        HistoryService history = engine.getHistoryService();
        Set<String> ids = new LinkedHashSet<>();
        history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(s.id()).tenantIdIn(s.tenant()).list()
                .forEach(p -> ids.add(p.getId()));
        history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(s.id())
                .variableValueEquals(TENANT_VARIABLE, s.tenant()).list()
                .forEach(p -> ids.add(p.getId()));
        Deque<String> open = new ArrayDeque<>(ids);
        while (!open.isEmpty()) {
            for (HistoricProcessInstance sub : history.createHistoricProcessInstanceQuery()
                    .superProcessInstanceId(open.pop()).list()) {
                if (ids.add(sub.getId())) {
                    open.add(sub.getId());
                }
            }
        }
        return new ArrayList<>(ids);
    }

    /** What deleting a historic process instance removes, per table, and how to find its rows. */
    private static final Map<String, String> INSTANCE_HISTORY = tables();

    private static Map<String, String> tables() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("camunda.historic_process_instance", "act_hi_procinst WHERE proc_inst_id_ IN (:ids)");
        t.put("camunda.historic_activity_instance", "act_hi_actinst WHERE proc_inst_id_ IN (:ids)");
        t.put("camunda.historic_task_instance", "act_hi_taskinst WHERE proc_inst_id_ IN (:ids)");
        t.put("camunda.historic_variable_instance", "act_hi_varinst WHERE proc_inst_id_ IN (:ids)");
        t.put("camunda.historic_detail", "act_hi_detail WHERE proc_inst_id_ IN (:ids)");
        t.put("camunda.historic_identity_link_log", "act_hi_identitylink WHERE task_id_ IN "
                + "(SELECT id_ FROM public.act_hi_taskinst WHERE proc_inst_id_ IN (:ids))");
        t.put("camunda.comment", "act_hi_comment WHERE proc_inst_id_ IN (:ids)");
        t.put("camunda.attachment", "act_hi_attachment WHERE proc_inst_id_ IN (:ids)");
        t.put("camunda.historic_incident", "act_hi_incident WHERE proc_inst_id_ IN (:ids)");
        t.put("camunda.historic_job_log", "act_hi_job_log WHERE process_instance_id_ IN (:ids)");
        t.put("camunda.historic_external_task_log", "act_hi_ext_task_log WHERE proc_inst_id_ IN (:ids)");
        return t;
    }

    private void deleteHistory(List<String> instances, Map<String, Long> rows) {
        HistoryService history = engine.getHistoryService();
        for (Map.Entry<String, String> table : INSTANCE_HISTORY.entrySet()) {
            add(rows, table.getKey(), instances.isEmpty() ? 0 : jdbc.sql("SELECT count(*) FROM public."
                    + table.getValue()).param("ids", instances).query(Long.class).single());
        }
        // Not part of the cascade: decisions evaluated in the instances, and the user operation log about them.
        long decisions = 0;
        long operations = 0;
        for (String instance : instances) {
            for (HistoricDecisionInstance d : history.createHistoricDecisionInstanceQuery().processInstanceId(instance)
                    .list()) {
                history.deleteHistoricDecisionInstanceByInstanceId(d.getId());
                decisions++;
            }
            for (UserOperationLogEntry entry : history.createUserOperationLogQuery().processInstanceId(instance)
                    .list()) {
                history.deleteUserOperationLogEntry(entry.getId());
                operations++;
            }
        }
        add(rows, "camunda.historic_decision_instance", decisions);
        add(rows, "camunda.user_operation_log", operations);
        if (!instances.isEmpty()) {
            // Also removes their activities, tasks, variables, details, identity link logs, comments, attachments,
            // incidents, job and external task logs (HistoricProcessInstanceManager).
            history.deleteHistoricProcessInstances(instances);
        }
    }

    /**
     * The user in other instances' history: the operations they performed and their comments and attachments are
     * deleted; the identity link log rows naming them are deleted; assignee, owner, starter and assigner fields
     * naming them are cleared (the rows are other people's process history).
     */
    private void anonymiseHistory(Subject s, Map<String, Long> rows) {
        HistoryService history = engine.getHistoryService();
        String user = s.user();
        // Camunda does not record who added an attachment (USER_ID_ stays empty), but the operation log does when
        // the user was logged in: the attachment of that name on that task or process instance is theirs.
        List<String> attachments = jdbc.sql("""
                SELECT a.id_ FROM public.act_hi_attachment a JOIN public.act_hi_op_log l
                    ON l.operation_type_ = :add AND l.property_ = 'name' AND l.new_value_ = a.name_
                   AND (l.task_id_ = a.task_id_ OR (l.task_id_ IS NULL AND l.proc_inst_id_ = a.proc_inst_id_))
                WHERE l.user_id_ = :user
                UNION SELECT id_ FROM public.act_hi_attachment WHERE user_id_ = :user""")
                .param("user", user).param("add", UserOperationLogEntry.OPERATION_TYPE_ADD_ATTACHMENT)
                .query(String.class).list();
        attachments.forEach(engine.getTaskService()::deleteAttachment);
        add(rows, "camunda.attachment", attachments.size());
        List<UserOperationLogEntry> operations = history.createUserOperationLogQuery().userId(user).list();
        operations.forEach(entry -> history.deleteUserOperationLogEntry(entry.getId()));
        add(rows, "camunda.user_operation_log", operations.size());
        add(rows, "camunda.user_operation_log", update("""
                UPDATE public.act_hi_op_log
                SET org_value_ = CASE WHEN org_value_ = :user THEN NULL ELSE org_value_ END,
                    new_value_ = CASE WHEN new_value_ = :user THEN NULL ELSE new_value_ END
                WHERE org_value_ = :user OR new_value_ = :user""", s));
        add(rows, "camunda.comment", update("DELETE FROM public.act_hi_comment WHERE user_id_ = :user", s));
        add(rows, "camunda.historic_identity_link_log", update(
                "DELETE FROM public.act_hi_identitylink WHERE user_id_ = :user", s));
        add(rows, "camunda.historic_identity_link_log", update(
                "UPDATE public.act_hi_identitylink SET assigner_id_ = NULL WHERE assigner_id_ = :user", s));
        add(rows, "camunda.historic_task_instance", update("""
                UPDATE public.act_hi_taskinst
                SET assignee_ = CASE WHEN assignee_ = :user THEN NULL ELSE assignee_ END,
                    owner_ = CASE WHEN owner_ = :user THEN NULL ELSE owner_ END
                WHERE assignee_ = :user OR owner_ = :user""", s));
        add(rows, "camunda.historic_activity_instance", update(
                "UPDATE public.act_hi_actinst SET assignee_ = NULL WHERE assignee_ = :user", s));
        add(rows, "camunda.historic_process_instance", update(
                "UPDATE public.act_hi_procinst SET start_user_id_ = NULL WHERE start_user_id_ = :user", s));
        add(rows, "camunda.historic_decision_instance", update(
                "UPDATE public.act_hi_decinst SET user_id_ = NULL WHERE user_id_ = :user", s));
    }

    private static void add(Map<String, Long> rows, String table, long count) {
        rows.merge(table, count, Long::sum);
    }
}
