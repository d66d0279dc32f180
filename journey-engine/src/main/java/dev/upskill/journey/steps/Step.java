package dev.upskill.journey.steps;

import java.util.Map;

/**
 * One fetched external task: where it comes from and the variables it sees (the process instance's, and the
 * task's input parameters from the diagram, which take precedence).
 *
 * @param taskId the external task's id; stable across redeliveries, so a natural idempotency key
 * @param tenantId the company (the process instance's Camunda tenant)
 * @param employeeId the journey's business key
 * @param attempt 1 for the first delivery, then 2, 3, ... after failures
 */
public record Step(String taskId, String topic, String processInstanceId, String tenantId, String employeeId,
        Map<String, Object> variables, int attempt) {

    public Step {
        variables = Map.copyOf(variables.entrySet().stream().filter(e -> e.getValue() != null)
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    /**
     * The journey's id: the {@code learning-journey} instance that called this step's stage (variable
     * {@code journeyId}, set by its start event), under which the steps store what they find; this task's own
     * process instance when it runs outside a journey.
     */
    public String journeyId() {
        Object id = variables.get("journeyId");
        return id instanceof String journey && !journey.isEmpty() ? journey : processInstanceId;
    }

    /** A required variable of the given type. @throws IllegalStateException when it is missing or of another type */
    public <T> T variable(String name, Class<T> type) {
        Object value = variables.get(name);
        if (!type.isInstance(value)) {
            throw new IllegalStateException("variable " + name + " of step " + topic + " is "
                    + (value == null ? "missing" : "a " + value.getClass().getSimpleName() + ", not a "
                    + type.getSimpleName()));
        }
        return type.cast(value);
    }

    /** An integer variable or input parameter (a number or a numeric string, as Modeler writes inputs). */
    public int intVariable(String name, int defaultValue) {
        Object value = variables.get(name);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Number number) {
            return number.intValue();
        }
        try {
            return Integer.parseInt(value.toString().strip());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("input " + name + " of step " + topic + " is not an integer: " + value);
        }
    }
}
