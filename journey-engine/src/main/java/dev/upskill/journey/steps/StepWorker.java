package dev.upskill.journey.steps;

import java.util.Map;

/**
 * Does the work of one external-task topic of the journey processes. {@link ExternalTaskWorkers} fetches the tasks,
 * runs {@link #handle} in a transaction together with the task's completion, and retries failures with backoff:
 * <ul>
 *   <li>return the variables to set on the process instance: the step is done;</li>
 *   <li>throw {@link BusinessOutcome}: a BPMN error the diagram handles (e.g. "no-gaps");</li>
 *   <li>throw anything else: a failure, retried with backoff and an incident once the retries are spent.</li>
 * </ul>
 * Because the task completes in the transaction that holds the step's database writes, a step delivered twice (its
 * lock expired while it ran) commits its writes once: the second completion fails and rolls its writes back. Calls
 * to other services must be safe to repeat (reads, or writes keyed by an idempotency key such as the task id).
 */
public interface StepWorker {

    /** The external-task topic, as in the BPMN ({@code camunda:topic}) and the element template. */
    String topic();

    /** Does the step; see the class comment for the outcomes. */
    Map<String, Object> handle(Step step);
}
