package dev.upskill.journey.steps;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricTaskInstance;

/** Who completed a review task of a stage, for the audit log and the history of what it changed. */
final class Reviewers {

    private Reviewers() {
    }

    /**
     * The assignee of the latest finished {@code taskKey} in the stage's process instance (Tasklist claims a task
     * before completing it, so the assignee is the reviewer); "manager" when unknown.
     */
    static String of(HistoryService history, String processInstanceId, String taskKey) {
        return history.createHistoricTaskInstanceQuery()
                .processInstanceId(processInstanceId)
                .taskDefinitionKey(taskKey)
                .finished()
                .orderByHistoricTaskInstanceEndTime().desc()
                .listPage(0, 1).stream()
                .map(HistoricTaskInstance::getAssignee)
                .filter(a -> a != null && !a.isEmpty())
                .findFirst()
                .orElse("manager");
    }
}
