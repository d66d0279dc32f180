package dev.upskill.inference.grading;

import org.apache.lucene.util.VectorUtil;

import java.util.List;

/** Cosine similarities of L2-normalised vectors (a dot product, SIMD through Lucene's {@link VectorUtil}). */
final class Vectors {

    private Vectors() {
    }

    static double cosine(float[] a, float[] b) {
        return VectorUtil.dotProduct(a, b);
    }

    /** The best similarity of {@code v} to any of {@code others}; 0 when there are none. */
    static double best(float[] v, List<float[]> others) {
        double best = 0;
        for (float[] o : others) {
            best = Math.max(best, cosine(v, o));
        }
        return best;
    }

    /** The mean of {@code vectors}, L2-normalised; all zeros (similar to nothing) when there are none. */
    static float[] normalizedMean(List<float[]> vectors, int dimensions) {
        float[] mean = new float[dimensions];
        if (vectors.size() == 1) {
            return vectors.getFirst();
        }
        for (float[] v : vectors) {
            for (int i = 0; i < dimensions; i++) {
                mean[i] += v[i];
            }
        }
        double norm = Math.sqrt(VectorUtil.dotProduct(mean, mean));
        if (norm > 0) {
            for (int i = 0; i < dimensions; i++) {
                mean[i] /= (float) norm;
            }
        }
        return mean;
    }
}
