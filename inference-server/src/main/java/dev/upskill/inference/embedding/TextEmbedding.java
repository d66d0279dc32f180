package dev.upskill.inference.embedding;

/**
 * The embedding of one text.
 *
 * @param vector L2-normalised mean of the token embeddings under the attention mask
 * @param tokenCount tokens the vector was computed from, [CLS] and [SEP] included
 * @param truncated whether the text's tail beyond the model's maximum sequence length was dropped
 */
public record TextEmbedding(float[] vector, int tokenCount, boolean truncated) {
}
