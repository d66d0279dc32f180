package dev.upskill.journey.steps;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.UserOperationLogEntry;

/** Who completed a review task of a stage, for the audit log and the history of what it changed. */
final class Reviewers {

    private Reviewers() {
    }

    /**
     * Who completed the latest finished {@code taskKey} in the stage's process instance: the user Camunda's operation
     * log records for the completion (any authenticated completion, Tasklist's or the REST API's, claimed or not),
     * else the task's assignee, else "manager".
     */
    static String of(HistoryService history, String processInstanceId, String taskKey) {
        return history.createHistoricTaskInstanceQuery()
                .processInstanceId(processInstanceId)
                .taskDefinitionKey(taskKey)
                .finished()
                .orderByHistoricTaskInstanceEndTime().desc()
                .listPage(0, 1).stream()
                .map(task -> history.createUserOperationLogQuery().taskId(task.getId())
                        .operationType(UserOperationLogEntry.OPERATION_TYPE_COMPLETE).listPage(0, 1).stream()
                        .map(UserOperationLogEntry::getUserId).filter(u -> u != null && !u.isEmpty()).findFirst()
                        .orElse(task.getAssignee()))
                .filter(u -> u != null && !u.isEmpty())
                .findFirst()
                .orElse("manager");
    }
}
