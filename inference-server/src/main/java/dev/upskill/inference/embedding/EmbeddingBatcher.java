package dev.upskill.inference.embedding;

import dev.upskill.inference.rpc.CallerBudget;
import dev.upskill.inference.rpc.RejectedWorkException;
import dev.upskill.inference.rpc.RejectedWorkException.Reason;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Dynamic batching: coalesces the texts of concurrent requests into shared model runs and routes each
 * vector back to its caller.
 *
 * <p>Runner threads (each with its own {@link TextEncoder.Runner}) take queued work, up to
 * {@code maxBatchSize} texts per run. A runner waits for company only when the previous run served more
 * than one request (evidence of concurrent callers), only until the batch is as large as the previous one,
 * and never longer than {@code maxWait}: a lone caller runs at once. Requests larger than the batch size
 * are split into chunks.
 *
 * <p>The queue is bounded in texts: past {@code queueCapacity} a request is refused at once
 * ({@link Reason#QUEUE_FULL}). Deadlines are checked at admission (the expected wait plus one run must
 * fit) and again just before the run; cancelled callers' work is dropped before the run.
 */
public final class EmbeddingBatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddingBatcher.class);

    /**
     * @param maxBatchSize most texts in one model run
     * @param maxWait longest a runner waits for more requests to join a batch
     * @param queueCapacity most texts admitted but not yet running
     * @param runners threads running the model, each with its own predictor
     */
    public record Settings(int maxBatchSize, Duration maxWait, int queueCapacity, int runners) {
        public Settings {
            if (maxBatchSize < 1 || queueCapacity < 1 || runners < 1 || maxWait.isNegative()) {
                throw new IllegalArgumentException("invalid batcher settings " + this);
            }
        }
    }

    private final TextEncoder encoder;
    private final Settings settings;
    private final BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger queuedTexts = new AtomicInteger();
    private final ReentrantLock batchFormation = new ReentrantLock();
    /** A chunk taken from the queue that did not fit the batch being formed; the next batch starts with it. */
    private volatile Chunk carriedOver;
    private final List<Thread> runnerThreads = new ArrayList<>();
    /** Exponentially weighted mean duration of one model run, the basis of "can this deadline be met". */
    private final AtomicLong meanRunNanos = new AtomicLong();
    private volatile int lastBatchRequests = 1;
    private volatile int lastBatchTexts = 1;
    private volatile boolean closed;

    private final DistributionSummary batchSizes;
    private final Timer runTimer;

    public EmbeddingBatcher(TextEncoder encoder, Settings settings, MeterRegistry registry) {
        this.encoder = encoder;
        this.settings = settings;
        this.batchSizes = DistributionSummary.builder("upskill.embedding.batch.size")
                .description("Texts per model run").baseUnit("texts")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128)
                .register(registry);
        this.runTimer = Timer.builder("upskill.embedding.model.run")
                .description("Duration of one model run (a batch)")
                .publishPercentileHistogram().register(registry);
        Gauge.builder("upskill.embedding.queue.depth", queuedTexts, AtomicInteger::get)
                .description("Texts admitted and waiting for a model run").baseUnit("texts")
                .register(registry);
        for (int i = 0; i < settings.runners(); i++) {
            Thread thread = Thread.ofPlatform().name("embedding-runner-" + i).daemon(true).unstarted(this::runLoop);
            runnerThreads.add(thread);
            thread.start();
        }
    }

    public String modelName() {
        return encoder.name();
    }

    public String modelVersion() {
        return encoder.version();
    }

    public int dimensions() {
        return encoder.dimensions();
    }

    /**
     * Admits texts for embedding.
     *
     * @throws RejectedWorkException at once when the queue is full, the batcher is closed, or the
     *         caller's deadline cannot be met given the work queued ahead of it
     */
    public CompletableFuture<BatchedEmbeddings> submit(List<String> texts, CallerBudget budget) {
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("no texts");
        }
        if (closed) {
            throw new RejectedWorkException(Reason.CLOSED, "the embedding service is shutting down");
        }
        long now = System.nanoTime();
        long expected = expectedCompletionNanos(queuedTexts.get() + texts.size());
        if (budget.remainingNanos(now) < expected) {
            throw new RejectedWorkException(Reason.DEADLINE, String.format(
                    "deadline cannot be met: about %d µs of queued work and model runs ahead, %d µs left",
                    expected / 1000, Math.max(0, budget.remainingNanos(now) / 1000)));
        }
        if (queuedTexts.addAndGet(texts.size()) > settings.queueCapacity()) {
            queuedTexts.addAndGet(-texts.size());
            throw new RejectedWorkException(Reason.QUEUE_FULL, "embedding queue is full ("
                    + settings.queueCapacity() + " texts, limit queue.capacity); retry with backoff");
        }
        Request request = new Request(texts.size(), budget, now);
        for (int from = 0; from < texts.size(); from += settings.maxBatchSize()) {
            int to = Math.min(texts.size(), from + settings.maxBatchSize());
            queue.add(new Chunk(request, from, texts.subList(from, to)));
        }
        return request.future;
    }

    /** Expected nanoseconds until {@code texts} queued texts have been run (0 until a run was measured). */
    private long expectedCompletionNanos(int texts) {
        long runs = (texts + (long) settings.maxBatchSize() - 1) / settings.maxBatchSize();
        return runs * meanRunNanos.get() / settings.runners();
    }

    private void runLoop() {
        try (TextEncoder.Runner runner = encoder.newRunner()) {
            while (!closed || carriedOver != null || !queue.isEmpty()) {
                List<Chunk> batch = nextBatch();
                if (!batch.isEmpty()) {
                    run(runner, batch);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("embedding runner stopped", e);
        }
    }

    private List<Chunk> nextBatch() throws InterruptedException {
        batchFormation.lockInterruptibly();
        try {
            Chunk first = carriedOver != null ? carriedOver : queue.poll(100, TimeUnit.MILLISECONDS);
            carriedOver = null;
            if (first == null) {
                return List.of();
            }
            List<Chunk> batch = new ArrayList<>();
            batch.add(first);
            int texts = first.texts.size();
            boolean expectCompany = lastBatchRequests > 1;
            int target = expectCompany ? Math.min(settings.maxBatchSize(), lastBatchTexts) : settings.maxBatchSize();
            long waitUntil = System.nanoTime() + settings.maxWait().toNanos();
            while (texts < settings.maxBatchSize()) {
                Chunk next = queue.poll();
                if (next == null) {
                    long waitLeft = waitUntil - System.nanoTime();
                    if (!expectCompany || texts >= target || waitLeft <= 0) {
                        break;
                    }
                    next = queue.poll(waitLeft, TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                }
                if (texts + next.texts.size() > settings.maxBatchSize()) {
                    carriedOver = next; // too large to join: it leads the next batch, ahead of the queue
                    break;
                }
                batch.add(next);
                texts += next.texts.size();
            }
            return batch;
        } finally {
            batchFormation.unlock();
        }
    }

    private void run(TextEncoder.Runner runner, List<Chunk> batch) {
        long start = System.nanoTime();
        List<Chunk> live = new ArrayList<>(batch.size());
        List<String> texts = new ArrayList<>();
        for (Chunk chunk : batch) {
            queuedTexts.addAndGet(-chunk.texts.size());
            Request request = chunk.request;
            if (request.future.isDone()) {
                continue; // an earlier chunk of this request already failed
            }
            // The deadline first: gRPC also cancels a call whose deadline passed, and that is the better reason.
            long remaining = request.budget.remainingNanos(start);
            if (remaining <= 0 || remaining < meanRunNanos.get()) {
                request.fail(new RejectedWorkException(Reason.DEADLINE, String.format(
                        "deadline %s before the model run (%d µs left, a run takes about %d µs)",
                        remaining <= 0 ? "passed" : "cannot be met", Math.max(0, remaining / 1000),
                        meanRunNanos.get() / 1000)));
                continue;
            }
            if (request.budget.cancelled().getAsBoolean()) {
                request.fail(new RejectedWorkException(Reason.CANCELLED, "cancelled by the caller"));
                continue;
            }
            request.started(start);
            live.add(chunk);
            texts.addAll(chunk.texts);
        }
        if (live.isEmpty()) {
            return;
        }
        List<TextEmbedding> results;
        try {
            results = runner.encode(texts);
        } catch (RuntimeException e) {
            log.error("model run failed for {} texts", texts.size(), e);
            live.forEach(chunk -> chunk.request.fail(e));
            return;
        }
        long computeNanos = System.nanoTime() - start;
        recordRun(computeNanos, live.size(), texts.size());
        int offset = 0;
        for (Chunk chunk : live) {
            chunk.request.complete(chunk.from, results.subList(offset, offset + chunk.texts.size()), computeNanos);
            offset += chunk.texts.size();
        }
    }

    private void recordRun(long computeNanos, int requests, int texts) {
        runTimer.record(computeNanos, TimeUnit.NANOSECONDS);
        batchSizes.record(texts);
        lastBatchRequests = requests;
        lastBatchTexts = texts;
        // Per-text cost scaled to a full batch would overestimate short runs; a plain EWMA of runs is enough
        // to refuse work that clearly cannot finish in time.
        meanRunNanos.updateAndGet(mean -> mean == 0 ? computeNanos : (mean * 7 + computeNanos) / 8);
    }

    /**
     * Stops admitting work, lets the runners finish what is queued (bounded by {@code drain}), then stops
     * them. Work still queued after that fails with {@link Reason#CLOSED}.
     */
    public void close(Duration drain) {
        closed = true;
        long until = System.nanoTime() + drain.toNanos();
        for (Thread thread : runnerThreads) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread.interrupt();
        }
        Chunk left = carriedOver;
        carriedOver = null;
        if (left != null) {
            left.request.fail(new RejectedWorkException(Reason.CLOSED, "the embedding service shut down"));
        }
        while ((left = queue.poll()) != null) {
            left.request.fail(new RejectedWorkException(Reason.CLOSED, "the embedding service shut down"));
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    private record Chunk(Request request, int from, List<String> texts) {
    }

    /** One submitted request: collects its chunks' results and completes once all arrived. */
    private static final class Request {
        final CompletableFuture<BatchedEmbeddings> future = new CompletableFuture<>();
        final CallerBudget budget;
        final long admittedNanos;
        final TextEmbedding[] results;
        int pendingTexts;
        long firstStartNanos = -1;
        long computeNanos;

        Request(int texts, CallerBudget budget, long admittedNanos) {
            this.results = new TextEmbedding[texts];
            this.pendingTexts = texts;
            this.budget = budget;
            this.admittedNanos = admittedNanos;
        }

        synchronized void started(long startNanos) {
            if (firstStartNanos < 0) {
                firstStartNanos = startNanos;
            }
        }

        synchronized void complete(int from, List<TextEmbedding> part, long runNanos) {
            for (int i = 0; i < part.size(); i++) {
                results[from + i] = part.get(i);
            }
            computeNanos += runNanos;
            pendingTexts -= part.size();
            if (pendingTexts == 0) {
                future.complete(new BatchedEmbeddings(
                        Arrays.asList(results), firstStartNanos - admittedNanos, computeNanos));
            }
        }

        void fail(Throwable cause) {
            future.completeExceptionally(cause);
        }
    }
}
