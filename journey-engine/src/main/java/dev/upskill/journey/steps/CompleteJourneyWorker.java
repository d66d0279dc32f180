package dev.upskill.journey.steps;

import dev.upskill.journey.data.AuditLog;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code complete-journey}: records how the journey ended: {@code GAPS_CLOSED} when the last gap analysis found none,
 * {@code CYCLE_LIMIT_REACHED} when cycles ran out with gaps left (variable {@code journeyOutcome}, audit
 * {@code COMPLETE_JOURNEY}).
 */
@Component
class CompleteJourneyWorker implements StepWorker {

    private final AuditLog audit;

    CompleteJourneyWorker(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public String topic() {
        return "complete-journey";
    }

    @Override
    public Map<String, Object> handle(Step step) {
        int gapsLeft = step.intVariable("gapCount", 0);
        String outcome = gapsLeft == 0 ? "GAPS_CLOSED" : "CYCLE_LIMIT_REACHED";
        audit.recordDetails(step.tenantId(), "journey", "COMPLETE_JOURNEY", "employee", step.employeeId(),
                Map.of("outcome", outcome, "gaps_left", gapsLeft, "cycles", step.intVariable("cycle", 1)));
        return Map.of("journeyOutcome", outcome);
    }
}
