package dev.upskill.journey.steps;

import dev.upskill.journey.inference.InferenceCallTime;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.externaltask.ExternalTaskQueryBuilder;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.impl.history.event.HistoricExternalTaskLogEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the {@link StepWorker}s inside the engine: one thread fetches and locks external tasks of their topics (Camunda's
 * Java API, no HTTP) and hands them to a pool of {@code upskill.journey.workers.threads}. It is woken right after a
 * transaction that created an external task commits (Camunda publishes its history events as Spring events), so a
 * step starts within milliseconds; it also polls every {@code poll-interval} for tasks created on other nodes and for
 * retries that became due. Several engine nodes may run workers on one database: fetch-and-lock hands each task to
 * one of them.
 * <p>
 * Each step runs in one transaction with its task's completion (see {@link StepWorker}). A failure rolls that back
 * and, in a new transaction, hands the task back with one retry fewer and a backoff ({@link WorkerProperties#backoff});
 * with no retries left Camunda raises an incident, which an operator resolves in Cockpit by adding retries.
 * <p>
 * Every step is timed ({@link StepMetrics}) from its task's creation to the commit of its outcome, with the time of
 * its inference calls ({@link InferenceCallTime}) told apart.
 */
@Component
public class ExternalTaskWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ExternalTaskWorkers.class);
    private static final int MAX_ERROR_DETAILS = 4_000;

    private final ExternalTaskService externalTasks;
    private final TransactionTemplate transactions;
    private final WorkerProperties properties;
    private final StepMetrics metrics;
    private final InferenceCallTime inferenceTime;
    private final Map<String, StepWorker> workers = new HashMap<>();
    private final String workerId;
    private final Object wakeUp = new Object();
    private boolean woken;
    private volatile boolean running;
    private Thread fetcher;
    private ExecutorService pool;
    private Semaphore free;

    ExternalTaskWorkers(ExternalTaskService externalTasks, PlatformTransactionManager transactionManager,
            WorkerProperties properties, StepMetrics metrics, InferenceCallTime inferenceTime,
            List<StepWorker> stepWorkers) {
        this.externalTasks = externalTasks;
        this.transactions = new TransactionTemplate(transactionManager);
        this.properties = properties;
        this.metrics = metrics;
        this.inferenceTime = inferenceTime;
        for (StepWorker worker : stepWorkers) {
            if (properties.excludedTopics().contains(worker.topic())) {
                continue;
            }
            StepWorker other = workers.putIfAbsent(worker.topic(), worker);
            if (other != null) {
                throw new IllegalStateException("two workers for topic " + worker.topic() + ": "
                        + other.getClass().getName() + " and " + worker.getClass().getName());
            }
        }
        this.workerId = "journey-engine@" + host() + "#" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** This node's worker id (the owner of the locks it takes). */
    String workerId() {
        return workerId;
    }

    /** The topics served, for the docs and tests. */
    public java.util.Set<String> topics() {
        return java.util.Set.copyOf(workers.keySet());
    }

    @Override
    public synchronized void start() {
        if (!properties.enabled() || workers.isEmpty() || running) {
            return;
        }
        running = true;
        free = new Semaphore(properties.threads());
        pool = Executors.newFixedThreadPool(properties.threads(), Thread.ofPlatform().name("step-", 1).factory());
        fetcher = Thread.ofPlatform().name("step-fetcher").daemon().start(this::fetchLoop);
        log.info("External-task workers {} serving {} with {} threads", workerId, workers.keySet(),
                properties.threads());
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        wake();
        fetcher.interrupt();
        pool.shutdown();
        try {
            // Steps in flight finish (or their locks expire and another node takes them over).
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
            fetcher.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the engine and the database go away (the default phase is the last one). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }

    @EventListener
    void onExternalTaskLog(HistoricExternalTaskLogEntity event) {
        if (!event.isCreationLog() || !workers.containsKey(event.getTopicName())) {
            return;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    wake();
                }
            });
        } else {
            wake();
        }
    }

    private void wake() {
        synchronized (wakeUp) {
            woken = true;
            wakeUp.notifyAll();
        }
    }

    private void fetchLoop() {
        while (running) {
            try {
                free.acquire(); // at least one thread is free
                int capacity = 1 + free.drainPermits();
                List<LockedExternalTask> tasks = fetch(capacity);
                free.release(capacity - tasks.size());
                for (LockedExternalTask task : tasks) {
                    pool.execute(() -> {
                        try {
                            run(task);
                        } finally {
                            free.release();
                        }
                    });
                }
                if (tasks.size() < capacity) {
                    synchronized (wakeUp) {
                        if (!woken) {
                            wakeUp.wait(properties.pollInterval().toMillis());
                        }
                        woken = false;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The database is away or restarting: keep trying, without spinning.
                log.warn("Fetching external tasks failed: {}", e.toString());
                sleepQuietly(properties.pollInterval().toMillis());
            }
        }
    }

    private List<LockedExternalTask> fetch(int capacity) {
        ExternalTaskQueryBuilder query = externalTasks.fetchAndLock(capacity, workerId, true);
        for (String topic : workers.keySet()) {
            // Object variables (lists a step set, Json from the forms) arrive deserialized.
            query = query.topic(topic, properties.lockDuration().toMillis()).enableCustomObjectDeserialization();
        }
        return query.execute();
    }

    /** Runs one step and reports its outcome to the engine. Package-private: tests deliver tasks themselves. */
    void run(LockedExternalTask task) {
        StepWorker worker = workers.get(task.getTopicName());
        int retriesLeft = task.getRetries() == null ? properties.retries() : task.getRetries();
        int attempt = properties.retries() - retriesLeft + 1;
        long started = System.currentTimeMillis();
        AtomicLong handled = new AtomicLong(); // when the worker returned: Camunda's completion and the commit follow
        StepMetrics.Outcome outcome;
        try (InferenceCallTime.Tally inference = inferenceTime.open()) {
            try {
                // Reading the variables is part of the step: one that cannot be read fails the step (with retries
                // and an incident), it must not kill the pool thread and leave the task locked.
                Step step = new Step(task.getId(), task.getTopicName(), task.getProcessInstanceId(),
                        task.getTenantId(), task.getBusinessKey(), task.getVariables(), attempt);
                outcome = transactions.execute(status -> {
                    try {
                        Map<String, Object> variables = worker.handle(step);
                        handled.set(System.currentTimeMillis());
                        externalTasks.complete(task.getId(), workerId, variables);
                        return StepMetrics.Outcome.COMPLETED;
                    } catch (BusinessOutcome business) {
                        handled.set(System.currentTimeMillis());
                        // The step's writes up to the outcome stay, like a completion's.
                        externalTasks.handleBpmnError(task.getId(), workerId, business.errorCode(),
                                business.getMessage(), business.variables());
                        return StepMetrics.Outcome.BPMN_ERROR;
                    }
                });
            } catch (RuntimeException failure) {
                fail(task, attempt, retriesLeft, failure);
                outcome = StepMetrics.Outcome.FAILED;
            }
            // After the commit: the step's time is what the journey waited for it.
            if (task.getCreateTime() != null) {
                long created = task.getCreateTime().getTime();
                long committed = System.currentTimeMillis();
                Duration completion = outcome == StepMetrics.Outcome.FAILED ? null
                        : Duration.ofMillis(committed - handled.get());
                StepMetrics.Times times = new StepMetrics.Times(Duration.ofMillis(committed - created),
                        Duration.ofMillis(started - created), completion);
                metrics.record(task.getTopicName(), outcome, times, inference.calls(),
                        Duration.ofNanos(inference.nanos()), attempt);
            }
        }
    }

    private void fail(LockedExternalTask task, int attempt, int retriesLeft, RuntimeException failure) {
        int remaining = Math.max(0, retriesLeft - 1);
        long backoff = properties.backoff(attempt).toMillis();
        String message = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        if (remaining == 0) {
            log.warn("Step {} of journey {} ({}) failed on attempt {}, no retries left: incident. {}",
                    task.getTopicName(), task.getBusinessKey(), task.getProcessInstanceId(), attempt, message);
        } else {
            log.info("Step {} of journey {} failed on attempt {}, retrying in {} ms: {}", task.getTopicName(),
                    task.getBusinessKey(), attempt, backoff, message);
        }
        try {
            transactions.executeWithoutResult(status -> externalTasks.handleFailure(task.getId(), workerId,
                    message.length() > 600 ? message.substring(0, 600) : message, details(failure), remaining,
                    backoff));
        } catch (RuntimeException e) {
            // Lock lost (another node has the task now) or the database is away: the lock's expiry hands the task
            // out again, so nothing is lost.
            log.warn("Could not report the failure of step {} ({}): {}", task.getTopicName(), task.getId(),
                    e.toString());
        }
    }

    private static String details(Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        String text = trace.toString();
        return text.length() > MAX_ERROR_DETAILS ? text.substring(0, MAX_ERROR_DETAILS) : text;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
