package dev.upskill.inference.embedding;

import ai.djl.huggingface.tokenizers.Encoding;

import java.util.List;

/**
 * Token ids of several texts, right-padded with zeros to the longest text of the batch (not to a fixed
 * length: a short sentence must not pay for 128 or 256 tokens of compute).
 *
 * @param size number of texts
 * @param length padded sequence length
 * @param inputIds row-major {@code [size, length]}
 * @param attentionMask 1 for real tokens, 0 for padding
 * @param typeIds token type ids (all 0 for single sentences)
 * @param tokenCounts real tokens per text
 * @param truncated whether each text was cut at the model's maximum
 */
record TokenBatch(int size, int length, long[] inputIds, long[] attentionMask, long[] typeIds,
                  int[] tokenCounts, boolean[] truncated) {

    static TokenBatch of(List<Encoding> encodings) {
        int size = encodings.size();
        int length = 1;
        for (Encoding e : encodings) {
            length = Math.max(length, e.getIds().length);
        }
        long[] ids = new long[size * length];
        long[] mask = new long[size * length];
        long[] types = new long[size * length];
        int[] counts = new int[size];
        boolean[] truncated = new boolean[size];
        for (int row = 0; row < size; row++) {
            Encoding e = encodings.get(row);
            long[] rowIds = e.getIds();
            long[] rowMask = e.getAttentionMask();
            long[] rowTypes = e.getTypeIds();
            System.arraycopy(rowIds, 0, ids, row * length, rowIds.length);
            System.arraycopy(rowMask, 0, mask, row * length, rowMask.length);
            System.arraycopy(rowTypes, 0, types, row * length, rowTypes.length);
            int real = 0;
            for (long m : rowMask) {
                real += (int) m;
            }
            counts[row] = real;
            truncated[row] = e.exceedMaxLength();
        }
        return new TokenBatch(size, length, ids, mask, types, counts, truncated);
    }
}
