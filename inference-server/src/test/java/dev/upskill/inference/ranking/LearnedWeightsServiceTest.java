package dev.upskill.inference.ranking;

import dev.upskill.inference.catalog.CatalogCalls;
import dev.upskill.inference.server.ServerConfig;
import dev.upskill.inference.testing.GatedEncoder;
import dev.upskill.inference.testing.InProcessInferenceServer;
import dev.upskill.proto.v1.GapClosure;
import dev.upskill.proto.v1.LearnerContext;
import dev.upskill.proto.v1.Level;
import dev.upskill.proto.v1.OutcomeStatus;
import dev.upskill.proto.v1.RankCoursesRequest;
import dev.upskill.proto.v1.RankCoursesResponse;
import dev.upskill.proto.v1.RankingServiceGrpc;
import dev.upskill.proto.v1.RecordOutcomeRequest;
import dev.upskill.proto.v1.RecordOutcomeResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Learned weights replace the defaults once a tenant has enough outcomes linked to served lists. */
class LearnedWeightsServiceTest {

    @Test
    void learnedWeightsServeOnceTheTenantHasEnoughOutcomes() throws Exception {
        ServerConfig defaults = ServerConfig.defaults();
        RankingSettings ranking = defaults.ranking();
        ServerConfig config = defaults.withRanking(new RankingSettings(ranking.directory(),
                ranking.qualityPriorCount(), ranking.maxGaps(), ranking.maxCandidates(), ranking.maxIds(),
                ranking.maxTopK(), 3, 1));
        try (InProcessInferenceServer server = InProcessInferenceServer.start(config,
                GatedEncoder.overSharedModel())) {
            String tenant = "learning";
            CatalogCalls calls = new CatalogCalls(server.channel);
            calls.upsertCompetencies(tenant, RankingServiceTest.NEGOTIATION, RankingServiceTest.STAKEHOLDERS,
                    RankingServiceTest.KUBERNETES);
            calls.upsertCourses(tenant, RankingServiceTest.NEGOTIATION_COURSE, RankingServiceTest.K8S_COURSE,
                    RankingServiceTest.STAKEHOLDER_COURSE);
            var stub = RankingServiceGrpc.newBlockingStub(server.channel).withDeadlineAfter(60, TimeUnit.SECONDS);
            RankCoursesRequest rank = RankCoursesRequest.newBuilder().setTenantId(tenant)
                    .addGaps(RankingServiceTest.gap(RankingServiceTest.NEGOTIATION, Level.LEVEL_BEGINNER,
                            Level.LEVEL_ADVANCED))
                    .addAllCandidateCourseIds(List.of("c-neg", "c-k8s", "c-stake"))
                    .setContext(LearnerContext.newBuilder().setEmployeeId("e-1"))
                    .build();
            RankCoursesResponse shown = stub.rankCourses(rank);
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
            String model = "";
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!model.equals("ranking-learned") && System.nanoTime() < until) {
                Thread.sleep(20);
                model = stub.rankCourses(rank.toBuilder().setContext(LearnerContext.getDefaultInstance()).build())
                        .getMeta().getModel().getName();
            }
            assertEquals("ranking-learned", model);
        }
    }
}
