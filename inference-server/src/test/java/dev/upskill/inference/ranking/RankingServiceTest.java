package dev.upskill.inference.ranking;

import dev.upskill.inference.catalog.CatalogCalls;
import dev.upskill.inference.server.ServerConfig;
import dev.upskill.inference.testing.GatedEncoder;
import dev.upskill.inference.testing.InProcessInferenceServer;
import dev.upskill.proto.v1.CatalogServiceGrpc;
import dev.upskill.proto.v1.Competency;
import dev.upskill.proto.v1.CompetencyGap;
import dev.upskill.proto.v1.Course;
import dev.upskill.proto.v1.CourseFilter;
import dev.upskill.proto.v1.CourseFormat;
import dev.upskill.proto.v1.DeleteCoursesRequest;
import dev.upskill.proto.v1.Diversity;
import dev.upskill.proto.v1.FeatureContribution;
import dev.upskill.proto.v1.GapClosure;
import dev.upskill.proto.v1.LearnerContext;
import dev.upskill.proto.v1.Level;
import dev.upskill.proto.v1.ManagerPreferences;
import dev.upskill.proto.v1.OutcomeStatus;
import dev.upskill.proto.v1.RankCoursesRequest;
import dev.upskill.proto.v1.RankCoursesResponse;
import dev.upskill.proto.v1.RankedCourse;
import dev.upskill.proto.v1.RankingFeature;
import dev.upskill.proto.v1.RankingServiceGrpc;
import dev.upskill.proto.v1.RecommendForGapsRequest;
import dev.upskill.proto.v1.RecommendForGapsResponse;
import dev.upskill.proto.v1.RecordOutcomeRequest;
import dev.upskill.proto.v1.RecordOutcomeResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RankingService end to end over a real (in-process) channel: the real embedding model, the Lucene catalog and
 * the outcome store in temporary directories. Each test uses its own tenant, so tests share one server.
 */
class RankingServiceTest {

    static InProcessInferenceServer server;
    static final GatedEncoder MODEL = GatedEncoder.overSharedModel();

    static final Competency NEGOTIATION = competency("esco:negotiate", "Negotiation",
            "Negotiate terms and agreements with business partners, suppliers and clients to reach a deal that "
                    + "satisfies both sides.");
    static final Competency STAKEHOLDERS = competency("esco:stakeholders", "Stakeholder management",
            "Identify stakeholders, understand their interests and keep them informed and engaged in a project.");
    static final Competency KUBERNETES = competency("esco:kubernetes", "Container orchestration",
            "Deploy, scale and operate containerised applications on Kubernetes clusters.");

    static final Course NEGOTIATION_COURSE = course("c-neg", "Negotiation Skills for Account Managers",
            "Prepare for negotiations with clients, find the zone of agreement and close deals that both sides "
                    + "accept.").setLevel(Level.LEVEL_ADVANCED).setProvider("Northwind Academy")
            .setDurationMinutes(90).setFormat(CourseFormat.COURSE_FORMAT_WORKSHOP)
            .addCompetencyIds("esco:negotiate").addCompetencyIds("esco:stakeholders")
            .setRating(4.6f).setRatingCount(1200).build();
    static final Course K8S_COURSE = course("c-k8s", "Kubernetes in Production",
            "Run containers at scale: deployments, services, autoscaling and rolling upgrades on a Kubernetes "
                    + "cluster.").setLevel(Level.LEVEL_ADVANCED).setProvider("CloudSchool")
            .setDurationMinutes(480).addCompetencyIds("esco:kubernetes").setRating(4.0f).setRatingCount(80).build();
    static final Course STAKEHOLDER_COURSE = course("c-stake", "Managing Stakeholders in Projects",
            "Map the stakeholders of a project, manage their expectations and communicate with them.")
            .setLevel(Level.LEVEL_INTERMEDIATE).setProvider("Internal Academy").setDurationMinutes(45)
            .setFormat(CourseFormat.COURSE_FORMAT_VIDEO).build();
    static final Course GERMAN_COURSE = course("c-de", "Verhandlungsführung im Einkauf",
            "Verhandlungen mit Lieferanten vorbereiten und erfolgreich abschließen.")
            .setLanguage("de-CH").setLevel(Level.LEVEL_INTERMEDIATE).build();

    @BeforeAll
    static void start() {
        server = InProcessInferenceServer.start(ServerConfig.defaults(), MODEL);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static RankingServiceGrpc.RankingServiceBlockingStub ranking() {
        return RankingServiceGrpc.newBlockingStub(server.channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    static Competency competency(String id, String name, String description) {
        return Competency.newBuilder().setId(id).setName(name).setDescription(description).build();
    }

    static Course.Builder course(String id, String title, String description) {
        return Course.newBuilder().setId(id).setTitle(title).setDescription(description).setLanguage("en")
                .setUrl("https://learn.example.com/" + id);
    }

    static CompetencyGap gap(Competency competency, Level current, Level target) {
        return CompetencyGap.newBuilder().setCompetencyId(competency.getId()).setCurrentLevel(current)
                .setTargetLevel(target).build();
    }

    static String seededTenant(Course... extra) {
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
        CatalogCalls calls = new CatalogCalls(server.channel);
        calls.upsertCompetencies(tenant, NEGOTIATION, STAKEHOLDERS, KUBERNETES);
        List<Course> courses = new java.util.ArrayList<>(List.of(NEGOTIATION_COURSE, K8S_COURSE,
                STAKEHOLDER_COURSE, GERMAN_COURSE));
        courses.addAll(List.of(extra));
        calls.upsertCourses(tenant, courses.toArray(Course[]::new));
        return tenant;
    }

    static List<String> ids(List<RankedCourse> courses) {
        return courses.stream().map(c -> c.getCourse().getId()).toList();
    }

    static float value(RankedCourse course, RankingFeature feature) {
        return course.getContributionsList().stream().filter(c -> c.getFeature() == feature).findFirst()
                .orElseThrow().getValue();
    }

    static void assertStatus(Status.Code code, String message, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
        assertEquals(message, e.getStatus().getDescription());
    }

    // ------------------------------------------------------------------------------------------- RankCourses

    @Test
    void ranksCoursesForTheGapsWithContributionsAndAReason() {
        String tenant = seededTenant();
        RankCoursesResponse response = ranking().rankCourses(RankCoursesRequest.newBuilder().setTenantId(tenant)
                .addGaps(gap(NEGOTIATION, Level.LEVEL_INTERMEDIATE, Level.LEVEL_ADVANCED))
                .addGaps(gap(STAKEHOLDERS, Level.LEVEL_INTERMEDIATE, Level.LEVEL_ADVANCED))
                .build());
        RankedCourse first = response.getCourses(0);
        assertEquals("c-neg", first.getCourse().getId(), response.toString());
        assertEquals(1, first.getRank());
        assertEquals("Covers Negotiation and Stakeholder management, level 2 → 3, rated 4.6 by 1,200 learners.",
                first.getReason());
        assertEquals(List.of("esco:negotiate", "esco:stakeholders"), first.getCoveredCompetencyIdsList());
        assertEquals(RankingWeights.FEATURES, first.getContributionsList().stream()
                .map(FeatureContribution::getFeature).toList());
        double sum = 0;
        for (FeatureContribution contribution : first.getContributionsList()) {
            assertTrue(contribution.getValue() >= 0 && contribution.getValue() <= 1, contribution.toString());
            assertEquals(contribution.getWeight() * contribution.getValue(), contribution.getContribution(), 1e-6);
            sum += contribution.getContribution();
        }
        assertEquals(sum, first.getScore(), 1e-5);
        assertEquals(1f, value(first, RankingFeature.RANKING_FEATURE_GAP_COVERAGE));
        assertEquals(1f, value(first, RankingFeature.RANKING_FEATURE_LEVEL_FIT));
        for (int i = 1; i < response.getCoursesCount(); i++) {
            assertTrue(response.getCourses(i - 1).getScore() >= response.getCourses(i).getScore());
        }
        assertEquals("ranking-default", response.getMeta().getModel().getName());
        assertFalse(response.getMeta().getRequestId().isEmpty());
        assertEquals("catalog-lucene", response.getCatalogIndex().getName());
    }

    @Test
    void excludesCompletedInProgressAndUnreadableCoursesAndListsUnknownIds() {
        String tenant = seededTenant();
        RankCoursesResponse response = ranking().rankCourses(RankCoursesRequest.newBuilder().setTenantId(tenant)
                .addGaps(gap(NEGOTIATION, Level.LEVEL_UNSPECIFIED, Level.LEVEL_INTERMEDIATE))
                .addAllCandidateCourseIds(List.of("c-neg", "c-k8s", "c-stake", "c-de", "nope", "c-k8s"))
                .setContext(LearnerContext.newBuilder().addCompletedCourseIds("c-neg")
                        .addInProgressCourseIds("c-stake").addLanguages("en"))
                .build());
        assertEquals(List.of("c-k8s"), ids(response.getCoursesList()));
        assertEquals(List.of("nope"), response.getUnknownCourseIdsList());
        assertEquals(3, response.getExcluded());
        // "de" reads the Swiss German course.
        RankCoursesResponse german = ranking().rankCourses(RankCoursesRequest.newBuilder().setTenantId(tenant)
                .addGaps(gap(NEGOTIATION, Level.LEVEL_UNSPECIFIED, Level.LEVEL_INTERMEDIATE))
                .addAllCandidateCourseIds(List.of("c-neg", "c-de"))
                .setContext(LearnerContext.newBuilder().addLanguages("de"))
                .build());
        assertEquals(List.of("c-de"), ids(german.getCoursesList()));
    }

    @Test
    void aPerfectRatingFromTwoLearnersDoesNotBeatAStrongRatingFromTwoThousand() {
        // Identical texts, so only the ratings differ; other rated courses put the catalog's mean near 4.1.
        Course few = course("c-few", "Negotiation Basics", "Learn to negotiate deals with clients.")
                .addCompetencyIds("esco:negotiate").setRating(5.0f).setRatingCount(2).build();
        Course many = few.toBuilder().setId("c-many").setRating(4.7f).setRatingCount(2000).build();
        Course low = course("c-low", "Negotiation Refresher", "A short refresher on negotiating.")
                .setRating(3.6f).setRatingCount(300).build();
        String tenant = seededTenant(few, many, low);
        RankCoursesResponse response = ranking().rankCourses(RankCoursesRequest.newBuilder().setTenantId(tenant)
                .addGaps(gap(NEGOTIATION, Level.LEVEL_UNSPECIFIED, Level.LEVEL_INTERMEDIATE))
                .addAllCandidateCourseIds(List.of("c-few", "c-many"))
                .build());
        assertEquals(List.of("c-many", "c-few"), ids(response.getCoursesList()));
        float manyQuality = value(response.getCourses(0), RankingFeature.RANKING_FEATURE_QUALITY);
        float fewQuality = value(response.getCourses(1), RankingFeature.RANKING_FEATURE_QUALITY);
        // Mean of the rated courses: (4.6 + 4.0 + 5.0 + 4.7 + 3.6) / 5 = 4.38; prior of 50 ratings.
        assertEquals((50 * 4.38 + 2000 * 4.7) / 2050 / 5, manyQuality, 1e-4);
        assertEquals((50 * 4.38 + 2 * 5.0) / 52 / 5, fewQuality, 1e-4);
    }

    @Test
    void theMeanRatingFollowsTheTenantsCourseChangesAndOnlyThose() {
        String tenant = seededTenant();
        RankCoursesRequest unrated = RankCoursesRequest.newBuilder().setTenantId(tenant)
                .addGaps(gap(STAKEHOLDERS, Level.LEVEL_UNSPECIFIED, Level.LEVEL_INTERMEDIATE))
                .addCandidateCourseIds("c-stake").build();
        // An unrated course scores the tenant's mean rating: (4.6 + 4.0) / 2.
        assertEquals(4.3 / 5, quality(unrated), 1e-4);

        Course poor = course("c-poor", "Stakeholder Basics", "Who the stakeholders are.").setRating(1.0f)
                .setRatingCount(10).build();
        new CatalogCalls(server.channel).upsertCourses(tenant, poor);
        assertEquals((4.6 + 4.0 + 1.0) / 3 / 5, quality(unrated), 1e-4);

        // Another tenant's catalog does not move this tenant's mean.
        new CatalogCalls(server.channel).upsertCourses(seededTenant(), poor.toBuilder().setId("c-other").build());
        assertEquals((4.6 + 4.0 + 1.0) / 3 / 5, quality(unrated), 1e-4);

        CatalogServiceGrpc.newBlockingStub(server.channel).withDeadlineAfter(60, TimeUnit.SECONDS)
                .deleteCourses(DeleteCoursesRequest.newBuilder().setTenantId(tenant).addCourseIds("c-poor").build());
        assertEquals(4.3 / 5, quality(unrated), 1e-4);
    }

    private static float quality(RankCoursesRequest request) {
        return value(ranking().rankCourses(request).getCourses(0), RankingFeature.RANKING_FEATURE_QUALITY);
    }

    @Test
    void managerPreferencesAndTimeBudgetSetTheirFeatures() {
        String tenant = seededTenant();
        RankCoursesResponse response = ranking().rankCourses(RankCoursesRequest.newBuilder().setTenantId(tenant)
                .addGaps(gap(NEGOTIATION, Level.LEVEL_UNSPECIFIED, Level.LEVEL_INTERMEDIATE))
                .addAllCandidateCourseIds(List.of("c-neg", "c-k8s", "c-stake"))
                .setContext(LearnerContext.newBuilder().setTimeBudgetMinutes(120).setRole("Key account manager")
                        .setManagerPreferences(ManagerPreferences.newBuilder()
                                .addPreferredProviders("northwind academy")
                                .addPreferredFormats(CourseFormat.COURSE_FORMAT_WORKSHOP)
                                .addPreferredFormats(CourseFormat.COURSE_FORMAT_VIDEO)))
                .build());
        RankedCourse neg = byId(response, "c-neg");
        RankedCourse k8s = byId(response, "c-k8s");
        RankedCourse stake = byId(response, "c-stake");
        assertEquals(1f, value(neg, RankingFeature.RANKING_FEATURE_MANAGER_PREFERENCE));
        assertEquals(0.5f, value(stake, RankingFeature.RANKING_FEATURE_MANAGER_PREFERENCE));
        assertEquals(0f, value(k8s, RankingFeature.RANKING_FEATURE_MANAGER_PREFERENCE));
        assertEquals(1f, value(neg, RankingFeature.RANKING_FEATURE_DURATION_FIT));
        assertEquals(120f / 480, value(k8s, RankingFeature.RANKING_FEATURE_DURATION_FIT), 1e-6);
        // Advanced course for a gap 0 -> 2: one level above the range.
        assertEquals(0.5f, value(neg, RankingFeature.RANKING_FEATURE_LEVEL_FIT));
        assertTrue(value(neg, RankingFeature.RANKING_FEATURE_SEMANTIC_RELEVANCE)
                > value(k8s, RankingFeature.RANKING_FEATURE_SEMANTIC_RELEVANCE));
    }

    static RankedCourse byId(RankCoursesResponse response, String id) {
        return response.getCoursesList().stream().filter(c -> c.getCourse().getId().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError(id + " not in " + response));
    }

    @Test
    void diversityKeepsNearDuplicatesApart() {
        Course dup1 = course("dup-1", "Negotiation Skills for Account Managers",
                "Prepare for negotiations with clients, find the zone of agreement and close deals.")
                .addCompetencyIds("esco:negotiate").setLevel(Level.LEVEL_INTERMEDIATE)
                .setRating(4.9f).setRatingCount(3000).build();
        Course dup2 = dup1.toBuilder().setId("dup-2").setTitle("Negotiation Skills for Account Managers (2024)")
                .build();
        Course dup3 = dup1.toBuilder().setId("dup-3").setTitle("Negotiation skills for account managers, part 1")
                .build();
        Course other = course("c-proc", "Buying Smarter: Supplier Talks",
                "How procurement teams bargain over price and terms with vendors.")
                .addCompetencyIds("esco:negotiate").setLevel(Level.LEVEL_INTERMEDIATE).build();
        String tenant = seededTenant(dup1, dup2, dup3, other);
        RankCoursesRequest.Builder request = RankCoursesRequest.newBuilder().setTenantId(tenant)
                .addGaps(gap(NEGOTIATION, Level.LEVEL_BEGINNER, Level.LEVEL_INTERMEDIATE))
                .addAllCandidateCourseIds(List.of("dup-1", "dup-2", "dup-3", "c-proc"))
                .setTopK(3);
        List<String> plain = ids(ranking().rankCourses(request.build()).getCoursesList());
        assertTrue(plain.subList(0, 2).stream().allMatch(id -> id.startsWith("dup-")), plain.toString());

        RankCoursesResponse diverse = ranking().rankCourses(request
                .setDiversity(Diversity.newBuilder().setRelevanceWeight(0.5f)).build());
        List<String> ids = ids(diverse.getCoursesList());
        assertEquals("c-proc", ids.get(1), diverse.toString());
        RankedCourse first = diverse.getCourses(0);
        assertEquals(8, first.getContributionsCount());
        assertEquals(0f, value(first, RankingFeature.RANKING_FEATURE_DIVERSITY_PENALTY));
        RankedCourse third = diverse.getCourses(2);
        assertTrue(value(third, RankingFeature.RANKING_FEATURE_DIVERSITY_PENALTY) < -0.8f, third.toString());
        double sum = third.getContributionsList().stream().mapToDouble(FeatureContribution::getContribution).sum();
        assertEquals(sum, third.getScore(), 1e-5);
    }

    @Test
    void refusesInvalidRequestsNamingTheField() {
        String tenant = seededTenant();
        RankCoursesRequest.Builder valid = RankCoursesRequest.newBuilder().setTenantId(tenant)
                .addGaps(gap(NEGOTIATION, Level.LEVEL_BEGINNER, Level.LEVEL_ADVANCED));
        assertStatus(Status.Code.INVALID_ARGUMENT, "gaps: name at least one gap",
                () -> ranking().rankCourses(valid.clone().clearGaps().build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "gaps[1].competency_id: 'esco:negotiate' is named by another gap",
                () -> ranking().rankCourses(valid.clone()
                        .addGaps(gap(NEGOTIATION, Level.LEVEL_BEGINNER, Level.LEVEL_ADVANCED)).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "gaps[1].target_level: must be a level above current_level",
                () -> ranking().rankCourses(valid.clone()
                        .addGaps(gap(STAKEHOLDERS, Level.LEVEL_ADVANCED, Level.LEVEL_ADVANCED)).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "gaps[0].weight: -1.0 is outside 0..100",
                () -> ranking().rankCourses(valid.clone().setGaps(0, valid.getGaps(0).toBuilder().setWeight(-1))
                        .build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "top_k: 101 is outside 0..100",
                () -> ranking().rankCourses(valid.clone().setTopK(101).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "diversity.relevance_weight: 1.5 is outside 0..1",
                () -> ranking().rankCourses(valid.clone()
                        .setDiversity(Diversity.newBuilder().setRelevanceWeight(1.5f)).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "candidate_course_ids[0]: is blank",
                () -> ranking().rankCourses(valid.clone().addCandidateCourseIds(" ").build()));
        assertStatus(Status.Code.NOT_FOUND, "gaps[0].competency_id: 'esco:unknown' is not in the tenant's framework",
                () -> ranking().rankCourses(valid.clone().setGaps(0, CompetencyGap.newBuilder()
                        .setCompetencyId("esco:unknown").setTargetLevel(Level.LEVEL_BEGINNER)).build()));
        assertStatus(Status.Code.FAILED_PRECONDITION, "tenant_id: tenant 'nobody' has no competency framework; "
                        + "send it with CatalogService.UpsertCompetencies",
                () -> ranking().rankCourses(valid.clone().setTenantId("nobody").build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "tenant_id: is required",
                () -> ranking().rankCourses(valid.clone().clearTenantId().build()));
    }

    // ------------------------------------------------------------------------------------------- RecommendForGaps

    @Test
    void recommendsForGapsInOneCallAndReportsCoverage() {
        String tenant = seededTenant();
        RecommendForGapsResponse response = ranking().recommendForGaps(RecommendForGapsRequest.newBuilder()
                .setTenantId(tenant)
                .addGaps(gap(NEGOTIATION, Level.LEVEL_INTERMEDIATE, Level.LEVEL_ADVANCED))
                .addGaps(gap(KUBERNETES, Level.LEVEL_UNSPECIFIED, Level.LEVEL_ADVANCED))
                .setFilter(CourseFilter.newBuilder().addLanguages("en"))
                .setContext(LearnerContext.newBuilder().addCompletedCourseIds("c-stake"))
                .setTopK(5)
                .build());
        List<String> ids = ids(response.getCoursesList());
        assertTrue(ids.containsAll(List.of("c-neg", "c-k8s")), ids.toString());
        assertFalse(ids.contains("c-de"));
        assertFalse(ids.contains("c-stake"));
        assertEquals(3, response.getCandidatesRetrieved());
        assertEquals(1, response.getExcluded());
        assertEquals(2, response.getCoverageCount());
        assertEquals("esco:negotiate", response.getCoverage(0).getCompetencyId());
        assertTrue(response.getCoverage(0).getCourseIdsList().contains("c-neg"));
        assertEquals(List.of("c-k8s"), response.getCoverage(1).getCourseIdsList());
        assertStatus(Status.Code.INVALID_ARGUMENT, "candidates_per_gap: 201 is outside 0..200",
                () -> ranking().recommendForGaps(RecommendForGapsRequest.newBuilder().setTenantId(tenant)
                        .addGaps(gap(NEGOTIATION, Level.LEVEL_BEGINNER, Level.LEVEL_ADVANCED))
                        .setCandidatesPerGap(201).build()));
    }

    // ------------------------------------------------------------------------------------------- RecordOutcome

    @Test
    void recordsOutcomesIdempotentlyAndFeedsTheOutcomeRate() {
        String tenant = seededTenant();
        RankCoursesRequest rank = RankCoursesRequest.newBuilder().setTenantId(tenant)
                .addGaps(gap(NEGOTIATION, Level.LEVEL_BEGINNER, Level.LEVEL_ADVANCED))
                .addAllCandidateCourseIds(List.of("c-neg", "c-stake")).build();
        RankCoursesResponse before = ranking().rankCourses(rank);
        assertEquals(0.5f, value(byId(before, "c-neg"), RankingFeature.RANKING_FEATURE_OUTCOME_RATE), 1e-6);

        RecordOutcomeRequest completed = RecordOutcomeRequest.newBuilder().setTenantId(tenant).setOutcomeId("o-1")
                .setEmployeeId("e-1").setCourseId("c-neg").setStatus(OutcomeStatus.OUTCOME_STATUS_COMPLETED)
                .addGapClosures(GapClosure.newBuilder().setCompetencyId("esco:negotiate")
                        .setLevelBefore(Level.LEVEL_BEGINNER).setLevelAfter(Level.LEVEL_ADVANCED)
                        .setTargetLevel(Level.LEVEL_ADVANCED))
                .setRecommendationRequestId(before.getMeta().getRequestId())
                .build();
        RecordOutcomeResponse first = ranking().recordOutcome(completed);
        assertFalse(first.getDuplicate());
        assertEquals(List.of(1f), first.getClosureList());
        assertEquals(1, first.getTenantOutcomes());
        assertEquals(499, first.getOutcomesUntilLearning());
        assertTrue(ranking().recordOutcome(completed).getDuplicate());
        assertStatus(Status.Code.ALREADY_EXISTS, "outcome_id: 'o-1' was recorded before with different content",
                () -> ranking().recordOutcome(completed.toBuilder().setCourseId("c-stake").build()));
        RecordOutcomeResponse abandoned = ranking().recordOutcome(completed.toBuilder().setOutcomeId("o-2")
                .setCourseId("c-stake").setStatus(OutcomeStatus.OUTCOME_STATUS_ABANDONED).clearGapClosures()
                .build());
        assertEquals(2, abandoned.getTenantOutcomes());

        RankCoursesResponse after = ranking().rankCourses(rank);
        // Overall mean closure (1 + 0) / 2 = 0.5, prior of 5 observations.
        assertEquals((5 * 0.5 + 1) / 6, value(byId(after, "c-neg"), RankingFeature.RANKING_FEATURE_OUTCOME_RATE),
                1e-6);
        assertEquals((5 * 0.5 + 0) / 6, value(byId(after, "c-stake"), RankingFeature.RANKING_FEATURE_OUTCOME_RATE),
                1e-6);

        assertStatus(Status.Code.NOT_FOUND, "course_id: 'nope' is not in the tenant's catalog",
                () -> ranking().recordOutcome(completed.toBuilder().setOutcomeId("o-3").setCourseId("nope")
                        .build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "status: set started, completed or abandoned",
                () -> ranking().recordOutcome(completed.toBuilder().setOutcomeId("o-4").clearStatus().build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "gap_closures[0].target_level: must be a level above level_before",
                () -> ranking().recordOutcome(completed.toBuilder().setOutcomeId("o-5").setGapClosures(0,
                        completed.getGapClosures(0).toBuilder().setTargetLevel(Level.LEVEL_BEGINNER)).build()));
    }

    // ------------------------------------------------------------------------------------------- deadlines

    @Test
    void aDeadlinePassingWhileTheRoleIsEmbeddedAnswersDeadlineExceeded() {
        String tenant = seededTenant();
        MODEL.hold();
        try {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> RankingServiceGrpc
                    .newBlockingStub(server.channel).withDeadlineAfter(300, TimeUnit.MILLISECONDS)
                    .rankCourses(RankCoursesRequest.newBuilder().setTenantId(tenant)
                            .addGaps(gap(NEGOTIATION, Level.LEVEL_BEGINNER, Level.LEVEL_ADVANCED))
                            .setContext(LearnerContext.newBuilder().setRole("Key account manager"))
                            .build()));
            assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
        } finally {
            MODEL.open();
        }
        // The server is still serving.
        assertFalse(ranking().rankCourses(RankCoursesRequest.newBuilder().setTenantId(tenant)
                .addGaps(gap(NEGOTIATION, Level.LEVEL_BEGINNER, Level.LEVEL_ADVANCED)).build())
                .getCoursesList().isEmpty());
    }
}
