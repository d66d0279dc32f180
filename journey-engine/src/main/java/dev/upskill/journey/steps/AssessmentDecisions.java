package dev.upskill.journey.steps;

import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecisionResultEntries;
import org.camunda.bpm.engine.DecisionService;
import org.springframework.stereotype.Component;

/**
 * HR's two assessment decision tables (the latest deployed versions, so an edit applies to the next scoring):
 * {@value #LEVEL} (bpmn/assessment-level.dmn: a competency's score, the level its questions test and the size of
 * the tenant's scale → the level shown) and {@value #REVIEW} (bpmn/grading-review.dmn: a free-text grade's confidence
 * and off-topic flag → whether the manager reviews it before it counts).
 */
@Component
class AssessmentDecisions {

    static final String LEVEL = "assessment-level";
    static final String REVIEW = "grading-review";

    private final DecisionService decisions;

    AssessmentDecisions(DecisionService decisions) {
        this.decisions = decisions;
    }

    /** @return the level on a scale of {@code scaleSize} levels, clamped to 0 (below the scale) .. scaleSize */
    int level(double score, int questionLevel, int scaleSize) {
        DmnDecisionResultEntries result = evaluate(LEVEL,
                Map.of("score", score, "questionLevel", questionLevel, "scaleSize", scaleSize));
        if (!(result.get("level") instanceof Number level)) {
            throw new IllegalStateException("decision " + LEVEL + " must output an integer level, gave " + result);
        }
        return Math.clamp(level.longValue(), 0, scaleSize);
    }

    boolean needsReview(double confidence, boolean offTopic) {
        DmnDecisionResultEntries result = evaluate(REVIEW, Map.of("confidence", confidence, "offTopic", offTopic));
        if (!(result.get("review") instanceof Boolean review)) {
            throw new IllegalStateException("decision " + REVIEW + " must output review (true or false), gave "
                    + result);
        }
        return review;
    }

    private DmnDecisionResultEntries evaluate(String decision, Map<String, Object> inputs) {
        DmnDecisionResultEntries result = decisions.evaluateDecisionByKey(decision)
                .decisionDefinitionWithoutTenantId()
                .variables(inputs)
                .evaluate()
                .getSingleResult();
        if (result == null) {
            throw new IllegalStateException("decision " + decision + " matched no rule for " + inputs
                    + " (add a catch-all rule)");
        }
        return result;
    }
}
