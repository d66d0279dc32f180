package dev.upskill.inference.testing;

import dev.upskill.inference.embedding.TextEmbedding;
import dev.upskill.inference.embedding.TextEncoder;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The real model behind a gate a test can close: model runs then wait at the gate until it opens, so a
 * test can hold the runner busy while it queues, cancels or times out other calls. Records the texts of
 * every run. Closing it leaves the shared model open.
 */
public final class GatedEncoder implements TextEncoder {

    private final TextEncoder model;
    private final List<List<String>> runs = new CopyOnWriteArrayList<>();
    private final Semaphore started = new Semaphore(0);
    private volatile CountDownLatch gate = new CountDownLatch(0);

    public GatedEncoder(TextEncoder model) {
        this.model = model;
    }

    public static GatedEncoder overSharedModel() {
        return new GatedEncoder(TestModels.quantized());
    }

    /** Model runs from now on wait until {@link #open()}. */
    public void hold() {
        gate = new CountDownLatch(1);
        started.drainPermits();
    }

    /** Lets waiting and future runs proceed. */
    public void open() {
        gate.countDown();
    }

    /** Waits until a model run has started (and is waiting at a closed gate). */
    public void awaitRunStarted() throws InterruptedException {
        if (!started.tryAcquire(10, TimeUnit.SECONDS)) {
            throw new AssertionError("no model run started within 10 s");
        }
    }

    /** Forgets the runs so far (e.g. the server's warm-up runs). */
    public void forgetRuns() {
        runs.clear();
    }

    /** The texts of every model run so far, in order. */
    public List<List<String>> runs() {
        return List.copyOf(runs);
    }

    /** Every text that reached a model run. */
    public List<String> textsRun() {
        return runs.stream().flatMap(List::stream).toList();
    }

    @Override
    public Runner newRunner() {
        Runner runner = model.newRunner();
        return new Runner() {
            @Override
            public List<TextEmbedding> encode(List<String> texts) {
                runs.add(List.copyOf(texts));
                started.release();
                try {
                    if (!gate.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("test gate never opened");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                return runner.encode(texts);
            }

            @Override
            public void close() {
                runner.close();
            }
        };
    }

    @Override
    public String name() {
        return model.name();
    }

    @Override
    public String version() {
        return model.version();
    }

    @Override
    public int dimensions() {
        return model.dimensions();
    }

    @Override
    public void close() {
        // The shared model stays open for the other tests.
    }
}
