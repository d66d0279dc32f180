package dev.upskill.journey.steps;

import dev.upskill.journey.data.LearningPaths;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.springframework.stereotype.Component;

/**
 * {@code publish-learning-path}: applies the manager's review (form fields {@code removeCourseIds},
 * {@code addCourseId}, {@code reviewComment}) and approves the path. A course id the company's catalog does not have
 * is the BPMN error {@value #INVALID_REVIEW}: the diagram sends the review back to the manager with
 * {@code reviewProblem} saying what was wrong.
 */
@Component
class PublishLearningPathWorker implements StepWorker {

    static final String INVALID_REVIEW = "invalid-review";
    static final String REVIEW_TASK = "review-learning-path";

    private final LearningPaths paths;
    private final PathSummaries summaries;
    private final HistoryService history;

    PublishLearningPathWorker(LearningPaths paths, PathSummaries summaries, HistoryService history) {
        this.paths = paths;
        this.summaries = summaries;
        this.history = history;
    }

    @Override
    public String topic() {
        return "publish-learning-path";
    }

    @Override
    public Map<String, Object> handle(Step step) {
        String reviewer = Reviewers.of(history, step.processInstanceId(), REVIEW_TASK);
        String added = ReviewInputs.id(step.variables().get("addCourseId"));
        // Checked here, not left to LearningPaths to refuse: an exception leaving its transactional method would mark
        // the step's whole transaction for rollback, and the BPMN error with it.
        if (added != null && !summaries.courseExists(step.tenantId(), added)) {
            throw new BusinessOutcome(INVALID_REVIEW, "unknown course " + added,
                    Map.of("reviewProblem", "Not in the course catalog: " + added));
        }
        int version = paths.approve(step.tenantId(), step.employeeId(),
                ReviewInputs.ids(step.variables().get("removeCourseIds")), added,
                (String) step.variables().get("reviewComment"), reviewer);
        Map<String, Object> variables = new java.util.HashMap<>(summaries.variables(step.tenantId(),
                step.employeeId(), version));
        variables.put("reviewProblem", "");
        variables.put("approvedBy", reviewer);
        return variables;
    }
}
