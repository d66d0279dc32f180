package dev.upskill.journey.llm;

import dev.upskill.journey.data.AuditLog;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Records on the journey that an LLM step fell back to its deterministic path: an audit row (action
 * {@value #ACTION}, entity {@code journey}, the journey's id, details {@code step}, {@code task}, {@code reason}) and
 * a process variable {@code <task>LlmFallback} with the reason, which the stage's call activity passes up to the
 * journey (e.g. {@code gapAnalysisLlmFallback = "timeout"}).
 */
@Component
public class LlmFallbacks {

    public static final String ACTION = "LLM_FALLBACK";
    public static final String GAP_ANALYSIS = "gapAnalysis";
    public static final String QUESTION_GENERATION = "questionGeneration";
    public static final String ANSWER_FEEDBACK = "answerFeedback";

    private final AuditLog audit;

    public LlmFallbacks(AuditLog audit) {
        this.audit = audit;
    }

    /** The process variable that holds a task's fallback reason. */
    public static String variable(String task) {
        return task + "LlmFallback";
    }

    /** Writes the audit row (in the step's transaction). @return the variable to set: {@link #variable(String)} */
    public String record(String tenantId, String journeyId, String topic, String task, String reason) {
        audit.recordDetails(tenantId, "journey-engine", ACTION, "journey", journeyId,
                Map.of("step", topic, "task", task, "reason", reason));
        return variable(task);
    }
}
