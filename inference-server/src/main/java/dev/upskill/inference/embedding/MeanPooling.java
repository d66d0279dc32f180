package dev.upskill.inference.embedding;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.List;
import java.util.Set;

/**
 * Feeds a {@link TokenBatch} to a sentence-transformer and turns its token embeddings into sentence
 * vectors: the mean over the attention mask, then L2 normalisation (what sentence-transformers'
 * {@code Pooling(mean) + Normalize} modules do).
 */
final class MeanPooling {

    /** Names sentence-transformer exports give their token embeddings output. */
    private static final Set<String> TOKEN_EMBEDDING_OUTPUTS = Set.of("last_hidden_state", "token_embeddings");

    private final List<String> inputNames;

    /**
     * @param inputNames the model's inputs, of {@code input_ids}, {@code attention_mask}, {@code token_type_ids}
     */
    MeanPooling(List<String> inputNames) {
        this.inputNames = List.copyOf(inputNames);
    }

    /** The model's inputs for a batch, created in (and closed with) {@code manager}. */
    NDList inputs(NDManager manager, TokenBatch batch) {
        Shape shape = new Shape(batch.size(), batch.length());
        NDList inputs = new NDList(inputNames.size());
        for (String name : inputNames) {
            long[] data = switch (name) {
                case "input_ids" -> batch.inputIds();
                case "attention_mask" -> batch.attentionMask();
                case "token_type_ids" -> batch.typeIds();
                default -> throw new IllegalStateException("unsupported model input '" + name
                        + "': expected input_ids, attention_mask and optionally token_type_ids");
            };
            NDArray array = manager.create(data, shape);
            array.setName(name);
            inputs.add(array);
        }
        return inputs;
    }

    /** One unit vector per text of {@code batch}, from the model's outputs for it. */
    float[][] pool(TokenBatch batch, NDList outputs) {
        NDArray tokens = tokenEmbeddings(outputs);
        Shape shape = tokens.getShape();
        int length = (int) shape.get(1);
        int dims = (int) shape.get(2);
        float[] hidden = tokens.toFloatArray();
        long[] mask = batch.attentionMask();
        float[][] vectors = new float[batch.size()][];
        for (int row = 0; row < batch.size(); row++) {
            vectors[row] = poolRow(hidden, mask, row, length, dims);
        }
        return vectors;
    }

    /**
     * The {@code [batch, tokens, dims]} output: by its usual name, else the first of that rank (exports that
     * also output a pooled {@code sentence_embedding} list it after or before the token embeddings).
     */
    private static NDArray tokenEmbeddings(NDList outputs) {
        NDArray firstOfRankThree = null;
        for (NDArray output : outputs) {
            if (output.getShape().dimension() != 3) {
                continue;
            }
            if (TOKEN_EMBEDDING_OUTPUTS.contains(output.getName())) {
                return output;
            }
            if (firstOfRankThree == null) {
                firstOfRankThree = output;
            }
        }
        if (firstOfRankThree == null) {
            throw new IllegalStateException("the model has no [batch, tokens, dims] output to mean-pool; outputs: "
                    + outputs.getShapes());
        }
        return firstOfRankThree;
    }

    private static float[] poolRow(float[] hidden, long[] mask, int row, int length, int dims) {
        float[] sum = new float[dims];
        int counted = 0;
        for (int t = 0; t < length; t++) {
            if (mask[row * length + t] == 0) {
                continue;
            }
            counted++;
            int base = (row * length + t) * dims;
            for (int d = 0; d < dims; d++) {
                sum[d] += hidden[base + d];
            }
        }
        // The mean's divisor cancels in the normalisation below; it is kept so that an all-zero row stays zero.
        double norm = 0;
        for (int d = 0; d < dims; d++) {
            sum[d] /= Math.max(counted, 1);
            norm += (double) sum[d] * sum[d];
        }
        float scale = (float) (1.0 / Math.max(Math.sqrt(norm), 1e-12));
        for (int d = 0; d < dims; d++) {
            sum[d] *= scale;
        }
        return sum;
    }
}
