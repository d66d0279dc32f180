package dev.upskill.inference.grading;

import dev.upskill.inference.embedding.TextEmbedding;
import dev.upskill.inference.embedding.TextEncoder;
import dev.upskill.inference.rpc.CallerBudget;
import dev.upskill.inference.rpc.RejectedWorkException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The grader's embeddings: each {@link #embed} call is one model run of exactly the texts it was given (split
 * into runs of {@link #MAX_RUN} when longer), never shared with another call's texts. The int8 model quantizes
 * a run's activations with one scale for the whole run, so a text's vector shifts slightly with the texts it
 * shares a run with; with runs that hold only what the grader put together (one text of the question, or the
 * sentences of one answer), a grade depends on its request alone — GradeBatch equals GradeAnswer, and an
 * instruction appended to an answer cannot raise its score by even a rounding error.
 *
 * <p>Runners (one per thread that grades at once, created on demand up to {@code runners}) are pooled; the
 * caller's deadline and cancellation are checked before every run.
 */
public final class RunEmbedder implements Embedder, AutoCloseable {

    /** Texts per model run at most: a long answer's sentences go in several runs. */
    static final int MAX_RUN = 32;

    private final TextEncoder encoder;
    private final int runners;
    private final BlockingQueue<TextEncoder.Runner> idle = new LinkedBlockingQueue<>();
    private final List<TextEncoder.Runner> all = new ArrayList<>();
    private final AtomicInteger created = new AtomicInteger();

    public RunEmbedder(TextEncoder encoder, int runners) {
        if (runners < 1) {
            throw new IllegalArgumentException("runners must be at least 1, got " + runners);
        }
        this.encoder = encoder;
        this.runners = runners;
    }

    public String modelName() {
        return encoder.name();
    }

    public String modelVersion() {
        return encoder.version();
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        CallerBudget budget = CallerBudget.ofCurrentCall();
        List<float[]> vectors = new ArrayList<>(texts.size());
        TextEncoder.Runner runner = acquire();
        try {
            for (int from = 0; from < texts.size(); from += MAX_RUN) {
                budget.check();
                for (TextEmbedding e : runner.encode(texts.subList(from, Math.min(texts.size(), from + MAX_RUN)))) {
                    vectors.add(e.vector());
                }
            }
        } finally {
            idle.add(runner);
        }
        return vectors;
    }

    private TextEncoder.Runner acquire() {
        TextEncoder.Runner runner = idle.poll();
        if (runner != null) {
            return runner;
        }
        if (created.incrementAndGet() <= runners) {
            runner = encoder.newRunner();
            synchronized (all) {
                all.add(runner);
            }
            return runner;
        }
        created.decrementAndGet();
        try {
            return idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RejectedWorkException(RejectedWorkException.Reason.CANCELLED, "interrupted waiting for the model");
        }
    }

    /** Frees the runners; call once no grading is in flight. */
    @Override
    public void close() {
        synchronized (all) {
            all.forEach(TextEncoder.Runner::close);
            all.clear();
        }
    }
}
