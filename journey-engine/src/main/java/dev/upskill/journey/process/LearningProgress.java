package dev.upskill.journey.process;

import dev.upskill.journey.data.LearningPaths;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Connects learning progress to the journey's progress-tracking stage. When the last item of an employee's path is
 * done, the stage's receive task gets the message {@value #PATH_DONE} (in the same transaction, so the event and the
 * journey moving on commit together). The stage also asks {@link #pathCompleted} before it waits, because the path may
 * have been finished before the journey got there; the BPMN calls it as {@code ${learningProgress.pathCompleted(...)}}.
 */
@Component("learningProgress")
public class LearningProgress {

    static final String PATH_DONE = "learning-path-done";

    private final RuntimeService runtime;
    private final LearningPaths paths;

    LearningProgress(RuntimeService runtime, LearningPaths paths) {
        this.runtime = runtime;
        this.paths = paths;
    }

    @EventListener
    void onPathCompleted(LearningPaths.LearningPathCompleted completed) {
        // No journey waiting (none running, or not in progress tracking yet) is fine: the gateway before the wait
        // sees the completed path when the journey gets there.
        runtime.createMessageCorrelation(PATH_DONE)
                .processInstanceBusinessKey(completed.employeeId())
                .tenantId(completed.tenantId())
                .correlateAllWithResult();
    }

    /** True when the employee's current learning path is COMPLETED (every item done). */
    public boolean pathCompleted(String tenantId, String employeeId) {
        return "COMPLETED".equals(paths.current(tenantId, employeeId).status());
    }
}
