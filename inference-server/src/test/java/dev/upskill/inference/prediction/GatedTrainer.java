package dev.upskill.inference.prediction;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The assignment runtime's training thread behind a gate a test can close: a training then waits at the gate
 * until it opens, so a test knows a training is running (and for how long) without guessing with sleeps.
 */
final class GatedTrainer extends AbstractExecutorService {

    private final ExecutorService thread = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("assignment-training-gated").daemon(true).factory());
    private final Semaphore started = new Semaphore(0);
    private final Semaphore finished = new Semaphore(0);
    private volatile CountDownLatch gate = new CountDownLatch(0);

    /** Trainings from now on wait until {@link #open()}. */
    void hold() {
        gate = new CountDownLatch(1);
        started.drainPermits();
        finished.drainPermits();
    }

    void open() {
        gate.countDown();
    }

    /** Waits until a training has started (and is waiting at a closed gate). */
    void awaitStarted() throws InterruptedException {
        if (!started.tryAcquire(10, TimeUnit.SECONDS)) {
            throw new AssertionError("no training started within 10 s");
        }
    }

    /** Waits until a training has finished, whatever its outcome. */
    void awaitFinished() throws InterruptedException {
        if (!finished.tryAcquire(120, TimeUnit.SECONDS)) {
            throw new AssertionError("no training finished within 120 s");
        }
    }

    @Override
    public void execute(Runnable training) {
        thread.execute(() -> {
            started.release();
            try {
                if (!gate.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("test gate never opened");
                }
                training.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                finished.release();
            }
        });
    }

    @Override
    public void shutdown() {
        open();
        thread.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        open();
        return thread.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return thread.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return thread.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return thread.awaitTermination(timeout, unit);
    }
}
