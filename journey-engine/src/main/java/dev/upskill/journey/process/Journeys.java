package dev.upskill.journey.process;

import static dev.upskill.journey.data.Fields.quoted;

import dev.upskill.journey.data.AuditLog;
import dev.upskill.journey.data.Employees;
import dev.upskill.journey.data.Fields;
import dev.upskill.journey.data.LearningPaths;
import dev.upskill.journey.data.UnknownEntityException;
import dev.upskill.journey.identity.CamundaIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Employees' learning journeys: the {@value #PROCESS_KEY} process instances, one running at most per employee
 * (business key = employee id, Camunda tenant = the company, see {@link JourneyTenancy}).
 */
@Service
public class Journeys {

    public static final String PROCESS_KEY = "learning-journey";

    public record Started(String processInstanceId, boolean started) {
    }

    public enum StepStatus { DONE, CURRENT, PENDING }

    /** {@code startedAt} and {@code endedAt} of the stage's latest run; null when it has not run (or not ended). */
    public record Step(String id, String name, StepStatus status, Instant startedAt, Instant endedAt) {
    }

    public record Dashboard(String employeeId, String displayName, String processInstanceId, String currentStage,
            List<Step> steps, int completionPercent, LearningPaths.Path learningPath, boolean finished) {
    }

    private final RuntimeService runtime;
    private final HistoryService history;
    private final Employees employees;
    private final LearningPaths paths;
    private final JourneyStages stages;
    private final AuditLog audit;
    private final JourneyProcessProperties properties;

    Journeys(RuntimeService runtime, HistoryService history, Employees employees, LearningPaths paths,
            JourneyStages stages, AuditLog audit, JourneyProcessProperties properties) {
        this.runtime = runtime;
        this.history = history;
        this.employees = employees;
        this.paths = paths;
        this.stages = stages;
        this.audit = audit;
        this.properties = properties;
    }

    /**
     * Starts the employee's journey unless one is running. The employee row stays locked until the transaction ends
     * (Camunda joins it), so two concurrent calls start one journey.
     */
    @Transactional
    public Started start(String tenantId, String employeeId, String actorName) {
        String actor = Fields.actor(actorName);
        Employees.Employee employee = employees.lock(tenantId, "employee_id", employeeId);
        if (!employee.active()) {
            throw new UnknownEntityException("employee_id", "employee " + quoted(employee.id()) + " is inactive");
        }
        String tenant = employee.tenantId();
        ProcessInstance running = runtime.createProcessInstanceQuery()
                .processDefinitionKey(PROCESS_KEY)
                .processInstanceBusinessKey(employee.id())
                .tenantIdIn(tenant)
                .singleResult();
        if (running != null) {
            return new Started(running.getId(), false);
        }
        Map<String, Object> variables = new HashMap<>();
        variables.put(JourneyTenancy.TENANT_VARIABLE, tenant);
        variables.put("employeeId", employee.id());
        variables.put("employeeUser", CamundaIds.user(tenant, employee.id()));
        // The manager's review goes to the team's group (its manager); without a team, to HR.
        variables.put("teamGroup", employee.teamId() == null ? CamundaIds.HR
                : CamundaIds.teamGroup(tenant, employee.teamId()));
        variables.put("maxCycles", properties.maxCycles());
        // ISO-8601 durations for the progress-tracking timers (R/${reminderInterval}, ${escalationAfter}).
        variables.put("reminderInterval", properties.reminderInterval().toString());
        variables.put("escalationAfter", properties.escalationAfter().toString());
        ProcessInstance instance = runtime.createProcessInstanceByKey(PROCESS_KEY)
                .processDefinitionWithoutTenantId()
                .businessKey(employee.id())
                .setVariables(variables)
                .execute();
        audit.recordDetails(tenant, actor, "START_JOURNEY", "employee", employee.id(),
                Map.of("process_instance_id", instance.getId()));
        return new Started(instance.getId(), true);
    }

    /** The dashboard of the employee's running journey, else of their latest finished one. */
    @Transactional(readOnly = true)
    public Dashboard dashboard(String tenantId, String employeeId) {
        Employees.Employee employee = employees.find(tenantId, "employee_id", employeeId);
        String tenant = employee.tenantId();
        List<HistoricProcessInstance> journeys = history.createHistoricProcessInstanceQuery()
                .processDefinitionKey(PROCESS_KEY)
                .processInstanceBusinessKey(employee.id())
                .tenantIdIn(tenant)
                .orderByProcessInstanceStartTime().desc()
                .listPage(0, 50);
        HistoricProcessInstance journey = journeys.stream().filter(j -> j.getEndTime() == null).findFirst()
                .orElse(journeys.isEmpty() ? null : journeys.getFirst());
        if (journey == null) {
            throw new UnknownEntityException("employee_id", "employee " + quoted(employee.id()) + " has no journey");
        }
        boolean finished = journey.getEndTime() != null;
        Map<String, HistoricActivityInstance> latest = new HashMap<>();
        for (HistoricActivityInstance run : history.createHistoricActivityInstanceQuery()
                .processInstanceId(journey.getId())
                .activityType("callActivity")
                .orderByHistoricActivityInstanceStartTime().asc()
                .orderPartiallyByOccurrence().asc()
                .list()) {
            latest.put(run.getActivityId(), run);
        }
        List<JourneyStages.Stage> stageList = stages.of(journey.getProcessDefinitionId());
        int current = -1;
        for (int i = 0; i < stageList.size(); i++) {
            HistoricActivityInstance run = latest.get(stageList.get(i).id());
            if (run != null && run.getEndTime() == null) {
                current = i;
            }
        }
        List<Step> steps = new ArrayList<>();
        int done = 0;
        for (int i = 0; i < stageList.size(); i++) {
            JourneyStages.Stage stage = stageList.get(i);
            HistoricActivityInstance run = latest.get(stage.id());
            StepStatus status;
            if (i == current) {
                status = StepStatus.CURRENT;
            } else if (run != null && run.getEndTime() != null && (finished || i < current)) {
                status = StepStatus.DONE;
            } else {
                status = StepStatus.PENDING; // not reached yet, skipped, or to run again in the next cycle
            }
            done += status == StepStatus.DONE ? 1 : 0;
            boolean shown = status != StepStatus.PENDING && run != null;
            steps.add(new Step(stage.id(), stage.name(), status,
                    shown ? run.getStartTime().toInstant() : null,
                    shown && run.getEndTime() != null ? run.getEndTime().toInstant() : null));
        }
        int percent = finished ? 100 : stageList.isEmpty() ? 0 : done * 100 / stageList.size();
        return new Dashboard(employee.id(), employee.displayName(), journey.getId(),
                current < 0 ? "" : stageList.get(current).id(), steps, percent,
                paths.current(tenant, employee.id()), finished);
    }
}
