package dev.upskill.inference.prediction;

import dev.upskill.proto.v1.SuccessPrediction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PredictorTest {

    private static AssignmentModel model;
    private static double[][] rows;

    @BeforeAll
    static void train() {
        model = new AssignmentTraining(2, Quantizer.DEFAULT_BINS)
                .fit(SampleData.generate(1500, 11, 0.02), 42, () -> false);
        // Not a multiple of the block; 10 % missing so that imputed factors and names occur.
        rows = SampleData.generate(3 * Predictor.BLOCK + 41, 77, 0.1).stream().map(LabelledRow::features)
                .toArray(double[][]::new);
    }

    @Test
    void batchEqualsOneRowAtATimeToTheLastBit() {
        for (int top : new int[] {0, 1, 3, AssignmentFeature.COUNT}) {
            SuccessPrediction[] all = Predictor.predictAll(model, rows, 0.6, top);
            assertEquals(rows.length, all.length);
            for (int i = 0; i < rows.length; i++) {
                SuccessPrediction one = Predictor.predict(model, rows[i], 0.6, top);
                // Message equality compares doubles by their bits: probabilities and contributions.
                assertEquals(one, all[i], "row " + i + ", top " + top);
                assertEquals(Double.doubleToLongBits(model.probability(rows[i])),
                        Double.doubleToLongBits(all[i].getProbability()), "row " + i);
            }
        }
    }

    @Test
    void batchOfOneRowAndOfAnExactBlock() {
        for (int n : new int[] {1, Predictor.BLOCK}) {
            double[][] some = Arrays.copyOf(rows, n);
            SuccessPrediction[] all = Predictor.predictAll(model, some, 0.3, 3);
            for (int i = 0; i < n; i++) {
                assertEquals(Predictor.predict(model, some[i], 0.3, 3), all[i]);
            }
        }
    }

    @Test
    void topByMagnitudeWithoutSortingPicksAsTheSelection() {
        Random random = new Random(5);
        for (int trial = 0; trial < 2000; trial++) {
            double[] values = new double[AssignmentFeature.COUNT];
            for (int f = 0; f < values.length; f++) {
                // Few distinct magnitudes and both signs: many ties.
                values[f] = (random.nextInt(5) - 2) * 0.25;
            }
            double[] shifted = new double[values.length + 7];
            System.arraycopy(values, 0, shifted, 7, values.length);
            for (int k = 0; k <= values.length; k++) {
                int[] picked = new int[k];
                Predictor.topByMagnitude(shifted, 7, values.length, picked);
                assertArrayEquals(Predictor.topByMagnitude(values, k), picked, Arrays.toString(values) + " k " + k);
            }
        }
    }
}
