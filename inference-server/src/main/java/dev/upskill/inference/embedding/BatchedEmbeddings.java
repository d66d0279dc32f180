package dev.upskill.inference.embedding;

import java.util.List;

/**
 * The embeddings of one submitted request with where its time went.
 *
 * @param embeddings one per submitted text, in order
 * @param queueNanos from admission to the start of the request's first model run
 * @param computeNanos model-run time of the batches the request's texts were part of
 */
public record BatchedEmbeddings(List<TextEmbedding> embeddings, long queueNanos, long computeNanos) {
}
