package dev.upskill.journey.steps;

import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecisionResultEntries;
import org.camunda.bpm.engine.DecisionService;
import org.springframework.stereotype.Component;

/**
 * Evaluates HR's decision table {@value #DECISION} (bpmn/gap-priority.dmn): a gap's size and importance → its priority
 * and weight. The latest deployed version applies, so an HR edit takes effect for the next gap analysis.
 */
@Component
class GapPriorities {

    static final String DECISION = "gap-priority";

    /** @param weight above 0; orders gaps when courses are ranked for them */
    record Priority(String priority, double weight) {
    }

    private final DecisionService decisions;

    GapPriorities(DecisionService decisions) {
        this.decisions = decisions;
    }

    Priority of(int gapSize, String importance) {
        DmnDecisionResultEntries result = decisions.evaluateDecisionByKey(DECISION)
                .decisionDefinitionWithoutTenantId()
                .variables(Map.of("gapSize", gapSize, "importance", importance))
                .evaluate()
                .getSingleResult();
        if (result == null) {
            throw new IllegalStateException("decision " + DECISION + " matched no rule for gap size " + gapSize
                    + " and importance " + importance + " (add a catch-all rule)");
        }
        Object priority = result.get("priority");
        Object weight = result.get("weight");
        if (!(priority instanceof String p) || !(weight instanceof Number w) || w.doubleValue() <= 0) {
            throw new IllegalStateException("decision " + DECISION + " must output priority (HIGH, MEDIUM, LOW) and "
                    + "a positive weight, gave " + result);
        }
        return new Priority(p, Math.min(100, w.doubleValue()));
    }
}
