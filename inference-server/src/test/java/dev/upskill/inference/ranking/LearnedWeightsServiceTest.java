package dev.upskill.inference.ranking;

import dev.upskill.inference.catalog.CatalogCalls;
import dev.upskill.inference.server.ServerConfig;
import dev.upskill.inference.testing.GatedEncoder;
import dev.upskill.inference.testing.InProcessInferenceServer;
import dev.upskill.inference.testing.TemporaryDirectories;
import dev.upskill.proto.v1.GapClosure;
import dev.upskill.proto.v1.LearnerContext;
import dev.upskill.proto.v1.Level;
import dev.upskill.proto.v1.ModelVersion;
import dev.upskill.proto.v1.OutcomeStatus;
import dev.upskill.proto.v1.RankCoursesRequest;
import dev.upskill.proto.v1.RankCoursesResponse;
import dev.upskill.proto.v1.RankingServiceGrpc;
import dev.upskill.proto.v1.RecordOutcomeRequest;
import dev.upskill.proto.v1.RecordOutcomeResponse;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Learned weights replace the defaults once a tenant has enough outcomes linked to served lists, and are kept in
 * the ranking directory so that a restart serves them at once.
 */
class LearnedWeightsServiceTest {

    @Test
    void learnedWeightsServeOnceTheTenantHasEnoughOutcomesAndSurviveARestart() throws Exception {
        Path root = TemporaryDirectories.create("upskill-learned-weights-");
        try {
            ServerConfig defaults = ServerConfig.defaults();
            // Catalog and outcomes in directories that outlive the first server, as on a real install.
            ServerConfig config = defaults
                    .withCatalog(defaults.catalog().withDirectory(root.resolve("catalog")))
                    .withRanking(defaults.ranking().withDirectory(root.resolve("ranking")).withLearning(3, 1));
            String tenant = "learning";
            RankCoursesRequest rank = RankCoursesRequest.newBuilder().setTenantId(tenant)
                    .addGaps(RankingServiceTest.gap(RankingServiceTest.NEGOTIATION, Level.LEVEL_BEGINNER,
                            Level.LEVEL_ADVANCED))
                    .addAllCandidateCourseIds(List.of("c-neg", "c-k8s", "c-stake"))
                    .build();
            ModelVersion learned;
            try (InProcessInferenceServer server = InProcessInferenceServer.start(config,
                    GatedEncoder.overSharedModel())) {
                CatalogCalls calls = new CatalogCalls(server.channel);
                calls.upsertCompetencies(tenant, RankingServiceTest.NEGOTIATION, RankingServiceTest.STAKEHOLDERS,
                        RankingServiceTest.KUBERNETES);
                calls.upsertCourses(tenant, RankingServiceTest.NEGOTIATION_COURSE, RankingServiceTest.K8S_COURSE,
                        RankingServiceTest.STAKEHOLDER_COURSE);
                var stub = RankingServiceGrpc.newBlockingStub(server.channel).withDeadlineAfter(60, TimeUnit.SECONDS);
                RankCoursesResponse shown = stub.rankCourses(rank.toBuilder()
                        .setContext(LearnerContext.newBuilder().setEmployeeId("e-1")).build());
                assertEquals("ranking-default", shown.getMeta().getModel().getName());
                RecordOutcomeResponse last = null;
                for (int i = 0; i < 3; i++) {
                    last = stub.recordOutcome(RecordOutcomeRequest.newBuilder().setTenantId(tenant)
                            .setOutcomeId("o-" + i).setEmployeeId("e-1").setCourseId("c-k8s")
                            .setStatus(OutcomeStatus.OUTCOME_STATUS_COMPLETED)
                            .addGapClosures(GapClosure.newBuilder().setCompetencyId("esco:kubernetes")
                                    .setLevelBefore(Level.LEVEL_BEGINNER).setLevelAfter(Level.LEVEL_ADVANCED)
                                    .setTargetLevel(Level.LEVEL_ADVANCED))
                            .setRecommendationRequestId(shown.getMeta().getRequestId())
                            .build());
                }
                assertEquals(0, last.getOutcomesUntilLearning());
                // Fitting runs in the background: poll, with a deadline, until the learned weights serve.
                learned = shown.getMeta().getModel();
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!learned.getName().equals("ranking-learned") && System.nanoTime() < until) {
                    Thread.sleep(20); // poll interval only
                    learned = stub.rankCourses(rank).getMeta().getModel();
                }
                assertEquals("ranking-learned", learned.getName());
            }
            String file = Files.readString(root.resolve("ranking").resolve(tenant + ".weights.json"));
            assertTrue(file.contains("\"format\": 1"), file);
            assertTrue(file.contains("RANKING_FEATURE_OUTCOME_RATE"), file);

            // The first call after a restart is ranked with the stored weights: no refit is due (no new
            // outcomes), so without the file it would be ranked with the defaults.
            try (InProcessInferenceServer again = InProcessInferenceServer.start(config,
                    GatedEncoder.overSharedModel())) {
                RankCoursesResponse first = RankingServiceGrpc.newBlockingStub(again.channel)
                        .withDeadlineAfter(60, TimeUnit.SECONDS).rankCourses(rank);
                assertEquals(learned, first.getMeta().getModel());
            }
        } finally {
            TemporaryDirectories.delete(root);
        }
    }
}
