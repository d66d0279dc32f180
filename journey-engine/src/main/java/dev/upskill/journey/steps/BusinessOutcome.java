package dev.upskill.journey.steps;

import java.util.Map;

/**
 * A step's business result that the diagram handles as a BPMN error (an error boundary event with this code), such
 * as {@code no-gaps}. Not a failure: it is neither retried nor an incident.
 */
public final class BusinessOutcome extends RuntimeException {

    private final String errorCode;
    private final Map<String, Object> variables;

    public BusinessOutcome(String errorCode, String message, Map<String, Object> variables) {
        super(message, null, false, false);
        this.errorCode = errorCode;
        this.variables = Map.copyOf(variables);
    }

    public String errorCode() {
        return errorCode;
    }

    public Map<String, Object> variables() {
        return variables;
    }
}
