package dev.upskill.journey.steps;

import dev.upskill.journey.data.LearningPaths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code record-progress}: the employee's update from the learning form (fields {@code startedCourseIds} and
 * {@code completedCourseIds}) becomes learning events, as RecordLearningEvent would record them; sets
 * {@code pathDone} when every item of the path is done. Ids not on the path are recorded as events and change no item.
 */
@Component
class RecordProgressWorker implements StepWorker {

    private final LearningPaths paths;
    private final PathSummaries summaries;

    RecordProgressWorker(LearningPaths paths, PathSummaries summaries) {
        this.paths = paths;
        this.summaries = summaries;
    }

    @Override
    public String topic() {
        return "record-progress";
    }

    @Override
    public Map<String, Object> handle(Step step) {
        List<String> completed = ReviewInputs.ids(step.variables().get("completedCourseIds"));
        List<String> unknown = new ArrayList<>();
        for (String course : ReviewInputs.ids(step.variables().get("startedCourseIds"))) {
            if (!completed.contains(course)) {
                record(step, course, LearningPaths.EventType.STARTED, unknown);
            }
        }
        for (String course : completed) {
            record(step, course, LearningPaths.EventType.COMPLETED, unknown);
        }
        LearningPaths.Path path = paths.current(step.tenantId(), step.employeeId());
        Map<String, Object> variables = new HashMap<>(summaries.variables(step.tenantId(), step.employeeId(),
                path.version()));
        variables.put("pathDone", "COMPLETED".equals(path.status()));
        // The form starts empty next time.
        variables.put("startedCourseIds", "");
        variables.put("completedCourseIds", "");
        // A mistyped id is the employee's to fix, not an incident: the form shows it next time.
        variables.put("progressProblem", unknown.isEmpty() ? "" : "Not in the course catalog: "
                + String.join(", ", unknown));
        return variables;
    }

    private void record(Step step, String course, LearningPaths.EventType type, List<String> unknown) {
        if (!summaries.courseExists(step.tenantId(), course)) {
            unknown.add(course);
            return;
        }
        paths.record(step.tenantId(), step.employeeId(), course, type, null);
    }
}
