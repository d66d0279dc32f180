package dev.upskill.inference.rpc;

import dev.upskill.inference.rpc.RejectedWorkException.Reason;
import io.grpc.stub.StreamObserver;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Threads for a service's blocking work (searches, upserts, predictions, training), with a bounded queue. Work
 * is admitted only while its caller's deadline is ahead, checked again when a thread picks it up, and runs
 * inside the caller's gRPC context (request id in every log line). A full queue refuses at once
 * ({@link Reason#QUEUE_FULL}: RESOURCE_EXHAUSTED) instead of growing.
 */
public final class BoundedWorkers implements AutoCloseable {

    private final String service;
    private final String capacitySetting;
    private final int queueCapacity;
    private final ThreadPoolExecutor pool;

    /**
     * @param service names the threads ({@code service-0}, ...) and the messages of refused work
     * @param capacitySetting the setting that sizes the queue, named when work is refused so that an operator
     *        knows which limit was hit
     */
    public BoundedWorkers(String service, int threads, int queueCapacity, String capacitySetting) {
        this.service = service;
        this.capacitySetting = capacitySetting;
        this.queueCapacity = queueCapacity;
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity),
                Thread.ofPlatform().name(service + "-", 0).daemon(true).factory(),
                new ThreadPoolExecutor.AbortPolicy());
    }

    /** Runs {@code work} for the current call; the future fails with {@link RejectedWorkException} when refused. */
    public <T> CompletableFuture<T> submit(Supplier<T> work) {
        CallerBudget budget = CallerBudget.ofCurrentCall();
        Executor inCall = CallContext.inCurrentCall();
        budget.check();
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            pool.execute(() -> inCall.execute(() -> {
                try {
                    budget.check();
                    result.complete(work.get());
                } catch (RuntimeException | Error e) {
                    result.completeExceptionally(e);
                }
            }));
        } catch (RejectedExecutionException e) {
            throw new RejectedWorkException(pool.isShutdown() ? Reason.CLOSED : Reason.QUEUE_FULL,
                    pool.isShutdown() ? "the " + service + " service is shutting down"
                            : "the " + service + " work queue is full at " + capacitySetting + "="
                            + queueCapacity + "; retry with backoff");
        }
        return result;
    }

    /** Runs {@code work} for a unary call and answers it: the value, or the failure mapped by {@link Statuses}. */
    public <T> void answer(StreamObserver<T> observer, Supplier<T> work) {
        UnaryReplies.reply(observer, () -> submit(work));
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
