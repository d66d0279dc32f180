package dev.upskill.journey.steps;

import dev.upskill.journey.data.LearningPaths;
import dev.upskill.journey.identity.Initiators;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code assign-course}, in the {@code assign-course} process: a manager (or HR) puts a course on the learning path of
 * someone they manage ({@code employeeId}, {@code courseId}, optional {@code competencyId} and {@code reason}), as
 * JourneyService.AssignCourse does.
 */
@Component
class AssignCourseWorker implements StepWorker {

    private final LearningPaths paths;
    private final ManagerRequests requests;
    private final RequestChecks checks;

    AssignCourseWorker(LearningPaths paths, ManagerRequests requests, RequestChecks checks) {
        this.paths = paths;
        this.requests = requests;
        this.checks = checks;
    }

    @Override
    public String topic() {
        return "assign-course";
    }

    @Override
    public Map<String, Object> handle(Step step) {
        Initiators.Person person = requests.initiator(step);
        String employee = ReviewInputs.id(step.variables().get("employeeId"));
        if (employee == null) {
            throw RequestChecks.refuse("Name the employee");
        }
        requests.requireManages(person, employee);
        LearningPaths.Assignment assignment = checks.write(() -> paths.assign(step.tenantId(), employee,
                ReviewInputs.id(step.variables().get("courseId")),
                ReviewInputs.id(step.variables().get("competencyId")), person.employeeId(),
                (String) step.variables().get("reason")));
        return Map.of("learningPathVersion", assignment.version(), "courseAdded", assignment.added(),
                "requestProblem", "");
    }
}
