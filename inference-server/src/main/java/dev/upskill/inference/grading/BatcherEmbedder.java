package dev.upskill.inference.grading;

import dev.upskill.inference.embedding.BatchedEmbeddings;
import dev.upskill.inference.embedding.EmbeddingBatcher;
import dev.upskill.inference.embedding.TextEmbedding;
import dev.upskill.inference.rpc.CallerBudget;
import dev.upskill.inference.rpc.RejectedWorkException;
import dev.upskill.inference.rpc.RejectedWorkException.Reason;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The grader's embeddings through its batcher (one text per model run, see {@link GradingRuntime}). Each
 * request carries the current call's budget: grading runs on {@code BoundedWorkers}, inside the caller's gRPC
 * context, so a deadline that cannot be met or a cancelled caller stops the grading at its next embedding.
 */
final class BatcherEmbedder implements Embedder {

    /**
     * Texts per batcher request. A GradeBatch of 500 long answers embeds thousands of sentences; sent at once they
     * could exceed {@code queue.capacity} and be refused however idle the server is.
     */
    static final int CHUNK = 256;

    private final EmbeddingBatcher batcher;

    BatcherEmbedder(EmbeddingBatcher batcher) {
        this.batcher = batcher;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        CallerBudget budget = CallerBudget.ofCurrentCall();
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += CHUNK) {
            List<String> chunk = texts.subList(from, Math.min(texts.size(), from + CHUNK));
            for (TextEmbedding e : await(batcher.submit(chunk, budget), budget).embeddings()) {
                vectors.add(e.vector());
            }
        }
        return vectors;
    }

    private static BatchedEmbeddings await(CompletableFuture<BatchedEmbeddings> future, CallerBudget budget) {
        try {
            long remaining = budget.remainingNanos(System.nanoTime());
            return remaining == Long.MAX_VALUE ? future.get()
                    : future.get(Math.max(remaining, 0), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new CompletionException(e.getCause());
        } catch (TimeoutException e) {
            throw new RejectedWorkException(Reason.DEADLINE, "deadline passed while embedding answers");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RejectedWorkException(Reason.CANCELLED, "interrupted while embedding answers");
        }
    }
}
