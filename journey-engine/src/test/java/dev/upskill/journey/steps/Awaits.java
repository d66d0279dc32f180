package dev.upskill.journey.steps;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;

/** Waiting in the journey tests for what the engine's workers do on their own threads. */
final class Awaits {

    /** Long enough for a step with retries on a busy 2-core machine; only a failing test waits this long. */
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private Awaits() {
    }

    /** Polls the condition every 50 ms until it holds; an AssertionError naming {@code what} after the timeout. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** The tenant's one open user task with this definition key, once there is one. */
    static Task userTask(TaskService tasks, String tenant, String key) {
        await("user task " + key, () -> tasks.createTaskQuery().tenantIdIn(tenant).taskDefinitionKey(key).count() == 1);
        return tasks.createTaskQuery().tenantIdIn(tenant).taskDefinitionKey(key).singleResult();
    }
}
