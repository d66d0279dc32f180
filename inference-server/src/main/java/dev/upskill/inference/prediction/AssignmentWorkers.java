package dev.upskill.inference.prediction;

import dev.upskill.inference.rpc.CallContext;
import dev.upskill.inference.rpc.CallerBudget;
import dev.upskill.inference.rpc.RejectedWorkException;
import dev.upskill.inference.rpc.RejectedWorkException.Reason;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The threads assignment predictions run on, with a
 * bounded queue. Work is admitted only while its caller's deadline is ahead, checked again when a thread
 * picks it up, and runs inside the caller's gRPC context (request id in every log line).
 */
public final class AssignmentWorkers implements AutoCloseable {

    private final ThreadPoolExecutor pool;

    public AssignmentWorkers(int threads, int queueCapacity) {
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity),
                Thread.ofPlatform().name("assignment-", 0).daemon(true).factory(),
                new ThreadPoolExecutor.AbortPolicy());
    }

    /** Runs {@code work} for the current call; the future fails with {@link RejectedWorkException} when refused. */
    public <T> CompletableFuture<T> submit(Supplier<T> work) {
        CallerBudget budget = CallerBudget.ofCurrentCall();
        Executor inCall = CallContext.inCurrentCall();
        checkBudget(budget);
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            pool.execute(() -> inCall.execute(() -> {
                try {
                    checkBudget(budget);
                    result.complete(work.get());
                } catch (RuntimeException | Error e) {
                    result.completeExceptionally(e);
                }
            }));
        } catch (RejectedExecutionException e) {
            throw new RejectedWorkException(pool.isShutdown() ? Reason.CLOSED : Reason.QUEUE_FULL,
                    pool.isShutdown() ? "the assignment service is shutting down"
                            : "the assignment work queue is full (" + pool.getQueue().remainingCapacity()
                            + " free); retry with backoff");
        }
        return result;
    }

    /** Refuses work whose caller has cancelled or whose deadline has passed. */
    static void checkBudget(CallerBudget budget) {
        if (budget.cancelled().getAsBoolean()) {
            throw new RejectedWorkException(Reason.CANCELLED, "the caller cancelled");
        }
        if (budget.remainingNanos(System.nanoTime()) <= 0) {
            throw new RejectedWorkException(Reason.DEADLINE, "deadline passed");
        }
    }

    /** Stops taking work and waits up to {@code drain} for what was admitted. */
    public void close(Duration drain) {
        pool.shutdown();
        try {
            pool.awaitTermination(drain.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.shutdownNow();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
