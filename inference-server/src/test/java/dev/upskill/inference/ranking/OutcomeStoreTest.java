package dev.upskill.inference.ranking;

import com.google.protobuf.Timestamp;
import dev.upskill.proto.v1.GapClosure;
import dev.upskill.proto.v1.Level;
import dev.upskill.proto.v1.OutcomeStatus;
import dev.upskill.proto.v1.RecordOutcomeRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutcomeStoreTest {

    static RecordOutcomeRequest outcome(String id, String course, Level after) {
        return RecordOutcomeRequest.newBuilder().setTenantId("acme").setOutcomeId(id).setEmployeeId("e-1")
                .setCourseId(course).setStatus(OutcomeStatus.OUTCOME_STATUS_COMPLETED)
                .setOccurredAt(Timestamp.newBuilder().setSeconds(1_700_000_000))
                .addGapClosures(GapClosure.newBuilder().setCompetencyId("k").setLevelBefore(Level.LEVEL_BEGINNER)
                        .setLevelAfter(after).setTargetLevel(Level.LEVEL_EXPERT))
                .build();
    }

    @Test
    void outcomesSurviveARestartAndStayIdempotent(@TempDir Path dir) throws Exception {
        try (OutcomeStore store = new OutcomeStore(dir, 5, 0.5)) {
            RecordOutcomeRequest a = outcome("o-1", "c-1", Level.LEVEL_EXPERT);
            assertFalse(store.record("acme", a, a).duplicate());
            RecordOutcomeRequest b = outcome("o-2", "c-1", Level.LEVEL_INTERMEDIATE);
            assertEquals(2, store.record("acme", b, b).tenantOutcomes());
        }
        assertEquals(2, Files.readAllLines(dir.resolve("acme.jsonl")).size());
        try (OutcomeStore reopened = new OutcomeStore(dir, 5, 0.5)) {
            assertEquals(2, reopened.count("acme"));
            RecordOutcomeRequest a = outcome("o-1", "c-1", Level.LEVEL_EXPERT);
            assertTrue(reopened.record("acme", a, a).duplicate());
            RecordOutcomeRequest changed = outcome("o-1", "c-2", Level.LEVEL_EXPERT);
            assertThrows(OutcomeStore.ConflictException.class, () -> reopened.record("acme", changed, changed));
            // Closures 1 and 1/3; overall mean 2/3; prior of 5 observations.
            double mean = (1 + 1.0 / 3) / 2;
            assertEquals((5 * mean + 1 + 1.0 / 3) / 7, reopened.rates("acme").rate("c-1", "k"), 1e-6);
            assertEquals(mean, reopened.rates("acme").rate("c-9", "k"), 1e-6);
            assertEquals(0, reopened.count("other"));
        }
    }

    @Test
    void servedListsTurnLinkedOutcomesIntoPairsAcrossARestart(@TempDir Path dir) {
        float[] a = {1, 0, 0, 0, 0, 0, 0};
        float[] b = {0, 1, 0, 0, 0, 0, 0};
        float[] c = {0, 0, 1, 0, 0, 0, 0};
        try (OutcomeStore store = new OutcomeStore(dir, 5, 0.5)) {
            store.recordList("acme", "req-1", new OutcomeStore.ServedList("e-1", List.of("c-1", "c-2", "c-3"),
                    List.of(a, b, c)));
            RecordOutcomeRequest good = outcome("o-1", "c-2", Level.LEVEL_EXPERT).toBuilder()
                    .setRecommendationRequestId("req-1").build();
            store.record("acme", good, good);
            RecordOutcomeRequest unlinked = outcome("o-2", "c-1", Level.LEVEL_EXPERT);
            store.record("acme", unlinked, unlinked);
        }
        try (OutcomeStore reopened = new OutcomeStore(dir, 5, 0.5)) {
            List<PairwiseLogisticTrainer.Pair> pairs = reopened.pairs("acme");
            assertEquals(2, pairs.size());
            for (PairwiseLogisticTrainer.Pair pair : pairs) {
                assertEquals(1f, pair.better()[1]);
                assertEquals(0f, pair.worse()[1]);
            }
        }
    }

    @Test
    void theOutcomePriorAndTheSuccessCutoffAreTheConfiguredOnes(@TempDir Path dir) {
        float[] a = {1, 0, 0, 0, 0, 0, 0};
        float[] b = {0, 1, 0, 0, 0, 0, 0};
        // c-1 closed a third of its gap, c-2 none: the tenant's overall closure is 1/6.
        try (OutcomeStore store = new OutcomeStore(dir, 5, 0.3)) {
            store.recordList("acme", "req-1", new OutcomeStore.ServedList("e-1", List.of("c-1", "c-2"),
                    List.of(a, b)));
            RecordOutcomeRequest third = outcome("o-1", "c-1", Level.LEVEL_INTERMEDIATE).toBuilder()
                    .setRecommendationRequestId("req-1").build();
            store.record("acme", third, third);
            RecordOutcomeRequest none = outcome("o-2", "c-2", Level.LEVEL_BEGINNER).toBuilder()
                    .setRecommendationRequestId("req-1").build();
            store.record("acme", none, none);
            assertEquals(1, store.pairs("acme").size(), "1/3 closed is a success from 0.3");
            assertEquals((5 * (1.0 / 6) + 1.0 / 3) / 6, store.rates("acme").rate("c-1", "k"), 1e-6);
        }
        try (OutcomeStore strict = new OutcomeStore(dir, 20, 0.5)) {
            assertEquals(0, strict.pairs("acme").size(), "1/3 closed is no success from 0.5");
            assertEquals((20 * (1.0 / 6) + 1.0 / 3) / 21, strict.rates("acme").rate("c-1", "k"), 1e-6);
        }
    }
}
