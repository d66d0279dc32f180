package dev.upskill.benchmarks.catalog;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws indices 0..n-1 with Zipf–Mandelbrot probabilities: index {@code r} has weight {@code (r + 1 + q)^-s}.
 * The offset {@code q} flattens the head (so the commonest item is not overwhelming) and the exponent
 * {@code s} sets how fast the tail thins out.
 */
final class ZipfSampler {

    private final double[] cumulative;

    /**
     * @param n the number of items, at least 1
     * @param exponent s, &gt; 0
     * @param offset q, &ge; 0
     */
    ZipfSampler(int n, double exponent, double offset) {
        if (n < 1) {
            throw new IllegalArgumentException("nothing to sample from");
        }
        cumulative = new double[n];
        double sum = 0;
        for (int r = 0; r < n; r++) {
            sum += Math.pow(r + 1 + offset, -exponent);
            cumulative[r] = sum;
        }
        for (int r = 0; r < n; r++) {
            cumulative[r] /= sum;
        }
    }

    /** An index, drawn with its probability. */
    int next(SplittableRandom random) {
        int at = Arrays.binarySearch(cumulative, random.nextDouble());
        return Math.min(at >= 0 ? at : -at - 1, cumulative.length - 1);
    }

    /** The probability of index {@code r}. */
    double probability(int r) {
        return r == 0 ? cumulative[0] : cumulative[r] - cumulative[r - 1];
    }
}
