package dev.upskill.inference.ranking;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LearningToRankTest {

    @Test
    void learnedWeightsBeatTheDefaultsOnHeldOutSimulatedEmployees() {
        RankingEvaluation.Result result = RankingEvaluation.evaluate(2000, 1000, 500, 7);
        assertTrue(result.learnedNdcg() > result.defaultNdcg() + 0.01, result.toString());
        assertEquals("ranking-learned", result.learned().name());
        double sum = 0;
        for (int i = 0; i < RankingWeights.FEATURES.size(); i++) {
            assertTrue(result.learned().weight(i) >= 0);
            sum += result.learned().weight(i);
        }
        assertEquals(1, sum, 1e-5);
    }

    @Test
    void noPairsMeansTheDefaults() {
        assertEquals(RankingWeights.DEFAULT, new PairwiseLogisticTrainer().fit(List.of(), "v"));
    }

    @Test
    void aFeatureThatAlwaysDecidesGetsTheWeight() {
        float[] better = {0.5f, 0.5f, 0.5f, 0.5f, 0.9f, 0.5f, 0.5f};
        float[] worse = {0.9f, 0.5f, 0.5f, 0.5f, 0.1f, 0.5f, 0.5f};
        RankingWeights learned = new PairwiseLogisticTrainer().fit(
                List.of(new PairwiseLogisticTrainer.Pair(better, worse)), "v");
        assertTrue(learned.weight(4) > RankingWeights.DEFAULT.weight(4), learned.toString());
        assertTrue(learned.weight(0) < RankingWeights.DEFAULT.weight(0), learned.toString());
    }
}
