package dev.upskill.journey.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upskill.journey.data.AuditLog;
import dev.upskill.journey.data.QuestionBank;
import dev.upskill.journey.identity.CamundaIds;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.springframework.stereotype.Component;

/**
 * Approval of the questions the LLM wrote ({@code dev.upskill.journey.llm.QuestionWriter}): {@link #start} opens an
 * {@value #PROCESS_KEY} process (bpmn/approve-generated-questions.bpmn) whose user task (form
 * {@code approve-generated-questions}, candidate groups {@code hr} and the employee's team group) lists them; the
 * HR member or manager ticks the ones to keep. This worker (topic {@value #TOPIC}) then approves the ticked ones
 * (assessments ask them from then on) and deletes the others; only unapproved LLM questions of the tenant are
 * touched, and the audit names the user who completed the task.
 */
@Component
class ApproveGeneratedQuestionsWorker implements StepWorker {

    static final String PROCESS_KEY = "approve-generated-questions";
    static final String TOPIC = "approve-generated-questions";
    static final String TASK_KEY = "approve-generated-questions-task";
    static final String IDS_VARIABLE = "generatedQuestionIds";

    private final RuntimeService runtime;
    private final HistoryService history;
    private final QuestionBank bank;
    private final AuditLog audit;
    private final ObjectMapper json;

    ApproveGeneratedQuestionsWorker(RuntimeService runtime, HistoryService history, QuestionBank bank, AuditLog audit,
            ObjectMapper json) {
        this.runtime = runtime;
        this.history = history;
        this.bank = bank;
        this.audit = audit;
        this.json = json;
    }

    @Override
    public String topic() {
        return TOPIC;
    }

    /** Starts the approval of generated questions (in the caller's transaction). @return the process instance id */
    String start(Step step, List<Long> ids) {
        List<QuestionBank.Question> questions = bank.byIds(step.tenantId(), ids);
        Map<String, String> names = new LinkedHashMap<>();
        StringBuilder text = new StringBuilder("## Questions written by the LLM\n\nTick the ones assessments may ask; "
                + "the others are deleted.\n");
        List<Map<String, String>> choices = new ArrayList<>();
        for (QuestionBank.Question q : questions) {
            String name = names.computeIfAbsent(q.competencyId(), c -> competencyName(step.tenantId(), c));
            text.append("\n**#").append(q.id()).append("** ").append(name).append(", level ").append(q.level())
                    .append(", ").append(q.type().equals("MULTIPLE_CHOICE") ? "multiple choice" : "free text")
                    .append(": ").append(q.text()).append('\n');
            for (int i = 0; i < q.options().size(); i++) {
                text.append("- ").append(Integer.valueOf(i).equals(q.correctOption()) ? "(correct) " : "")
                        .append(q.options().get(i)).append('\n');
            }
            if (q.explanation() != null) {
                text.append("\nWhy: ").append(q.explanation()).append('\n');
            }
            q.referenceAnswers().forEach(r -> text.append("\nReference answer: ").append(r).append('\n'));
            q.keyPoints().forEach(k -> text.append("- key point: ").append(k).append('\n'));
            choices.add(Map.of("label", "#" + q.id() + " " + abbreviate(q.text()), "value", Long.toString(q.id())));
        }
        Object teamGroup = step.variables().get("teamGroup");
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("tenantId", step.tenantId());
        variables.put("teamGroup", teamGroup instanceof String group && !group.isEmpty() ? group : CamundaIds.HR);
        variables.put(IDS_VARIABLE, String.join(",", ids.stream().map(String::valueOf).toList()));
        variables.put("generatedQuestions", text.toString());
        variables.put("questionChoices", FormValues.json(json, choices));
        variables.put("approval", FormValues.json(json, Map.of("questions", List.of())));
        String instance = runtime.createProcessInstanceByKey(PROCESS_KEY).processDefinitionWithoutTenantId()
                .businessKey(step.employeeId()).setVariables(variables).execute().getId();
        audit.recordDetails(step.tenantId(), "journey-engine", "GENERATE_QUESTIONS", "journey", step.journeyId(),
                Map.of("questionIds", ids, "approvalProcessInstanceId", instance));
        return instance;
    }

    @Override
    public Map<String, Object> handle(Step step) {
        List<Long> generated = new ArrayList<>();
        for (String id : step.variable(IDS_VARIABLE, String.class).split(",")) {
            if (!id.isBlank()) {
                generated.add(Long.parseLong(id.strip()));
            }
        }
        Set<Long> approve = new HashSet<>();
        JsonNode ticked = FormValues.object(json, step.variables().get("approval")).path("questions");
        for (JsonNode value : ticked) {
            try {
                approve.add(Long.parseLong(value.asText().strip()));
            } catch (NumberFormatException e) {
                // not one of the form's values: ignored
            }
        }
        approve.retainAll(generated);
        int approved = bank.approveGenerated(step.tenantId(), generated, approve);
        String approver = history.createHistoricTaskInstanceQuery().processInstanceId(step.processInstanceId())
                .taskDefinitionKey(TASK_KEY).finished().orderByHistoricTaskInstanceEndTime().desc().list().stream()
                .map(HistoricTaskInstance::getAssignee).filter(a -> a != null).findFirst().orElse("unknown");
        audit.recordDetails(step.tenantId(), approver, "APPROVE_GENERATED_QUESTIONS", "question_bank",
                step.processInstanceId(), Map.of("approved", approve.stream().sorted().toList(),
                        "deleted", generated.stream().filter(id -> !approve.contains(id)).toList()));
        return Map.of("approvedQuestionCount", approved);
    }

    private String competencyName(String tenant, String competencyId) {
        return bank.competencyName(tenant, competencyId);
    }

    private static String abbreviate(String text) {
        String line = text.replaceAll("\\s+", " ");
        return line.length() <= 120 ? line : line.substring(0, 120) + "...";
    }
}
