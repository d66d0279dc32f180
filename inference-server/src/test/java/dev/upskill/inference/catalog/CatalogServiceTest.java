package dev.upskill.inference.catalog;

import dev.upskill.inference.server.ServerConfig;
import dev.upskill.inference.testing.GatedEncoder;
import dev.upskill.inference.testing.InProcessInferenceServer;
import dev.upskill.proto.v1.CatalogBackend;
import dev.upskill.proto.v1.Competency;
import dev.upskill.proto.v1.Course;
import dev.upskill.proto.v1.CourseFilter;
import dev.upskill.proto.v1.CourseFormat;
import dev.upskill.proto.v1.CourseHit;
import dev.upskill.proto.v1.DeleteCoursesRequest;
import dev.upskill.proto.v1.DeleteCoursesResponse;
import dev.upskill.proto.v1.EmbedRequest;
import dev.upskill.proto.v1.EmbeddingServiceGrpc;
import dev.upskill.proto.v1.GetCatalogInfoRequest;
import dev.upskill.proto.v1.GetCatalogInfoResponse;
import dev.upskill.proto.v1.InferredCompetency;
import dev.upskill.proto.v1.Level;
import dev.upskill.proto.v1.QueryVector;
import dev.upskill.proto.v1.SearchCoursesRequest;
import dev.upskill.proto.v1.SearchCoursesResponse;
import dev.upskill.proto.v1.SearchMode;
import dev.upskill.proto.v1.UpsertCompetenciesRequest;
import dev.upskill.proto.v1.UpsertCompetenciesResponse;
import dev.upskill.proto.v1.UpsertCoursesRequest;
import dev.upskill.proto.v1.UpsertCoursesResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import dev.upskill.inference.text.LanguageAnalyzers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CatalogService end to end over a real (in-process) channel: the real embedding model, the Lucene backend on
 * disk. Each test uses its own tenant, so tests share one server.
 */
class CatalogServiceTest {

    static InProcessInferenceServer server;
    static CatalogCalls calls;

    static final Competency NEGOTIATION = competency("esco:negotiate", "negotiate",
            "Negotiate terms and agreements with business partners, suppliers and clients to reach a deal that "
                    + "satisfies both sides.");
    static final Competency KUBERNETES = competency("esco:kubernetes", "manage container orchestration",
            "Deploy, scale and operate containerised applications on Kubernetes clusters.");
    static final Competency PRIVACY = competency("esco:privacy", "comply with data protection regulations",
            "Apply data protection law such as the GDPR when processing personal data of customers and staff.");

    static final Course NEGOTIATION_COURSE = course("c-neg", "Negotiation Skills for Account Managers",
            "Prepare for negotiations with clients, find the zone of agreement and close deals that both sides "
                    + "accept.").setLevel(Level.LEVEL_INTERMEDIATE).setProvider("Northwind Academy")
            .setDurationMinutes(90).setFormat(CourseFormat.COURSE_FORMAT_WORKSHOP).build();
    static final Course K8S_COURSE = course("c-k8s", "Kubernetes in Production",
            "Run containers at scale: deployments, services, autoscaling and rolling upgrades on a Kubernetes "
                    + "cluster.").setLevel(Level.LEVEL_ADVANCED).setProvider("CloudSchool")
            .setDurationMinutes(480).addCompetencyIds("esco:kubernetes").build();
    static final Course GDPR_COURSE = course("c-gdpr", "GDPR Essentials",
            "What the General Data Protection Regulation requires when you store and process personal data.")
            .setLevel(Level.LEVEL_BEGINNER).setProvider("Internal Academy").setDurationMinutes(45).build();
    static final Course GERMAN_COURSE = course("c-de", "Verhandlungsführung im Einkauf",
            "Verhandlungen mit Lieferanten vorbereiten und erfolgreich abschließen.")
            .setLanguage("de-CH").setLevel(Level.LEVEL_INTERMEDIATE).setDurationMinutes(0).build();

    @BeforeAll
    static void start() {
        server = InProcessInferenceServer.start(ServerConfig.defaults(), GatedEncoder.overSharedModel());
        calls = new CatalogCalls(server.channel);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Competency competency(String id, String name, String description) {
        return Competency.newBuilder().setId(id).setName(name).setDescription(description).build();
    }

    static Course.Builder course(String id, String title, String description) {
        return Course.newBuilder().setId(id).setTitle(title).setDescription(description).setLanguage("en")
                .setUrl("https://learn.example.com/" + id);
    }

    static String newTenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A tenant with the three competencies and the four courses. */
    static String seededTenant() {
        String tenant = newTenant();
        calls.upsertCompetencies(tenant, NEGOTIATION, KUBERNETES, PRIVACY);
        UpsertCoursesResponse stored = calls.upsertCourses(tenant, NEGOTIATION_COURSE, K8S_COURSE, GDPR_COURSE,
                GERMAN_COURSE);
        assertEquals(4, stored.getCreated(), stored.toString());
        return tenant;
    }

    static List<String> ids(SearchCoursesResponse response) {
        return response.getHitsList().stream().map(hit -> hit.getCourse().getId()).toList();
    }

    static void assertInvalid(String message, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().toString());
        assertEquals(message, e.getStatus().getDescription());
    }

    // ------------------------------------------------------------------------------------------- upserts

    @Test
    void upsertCountsCreatedUpdatedUnchangedAndReportsBadCoursesWithoutFailingTheStream() {
        String tenant = newTenant();
        Course badUrl = course("bad-url", "A course", "").setUrl("ftp://example.com/x").build();
        Course blankTitle = course("blank", "  ", "").build();
        UpsertCoursesResponse first = calls.upsertCourses(List.of(
                UpsertCoursesRequest.newBuilder().setTenantId(tenant)
                        .addCourses(NEGOTIATION_COURSE).addCourses(badUrl).build(),
                UpsertCoursesRequest.newBuilder().addCourses(blankTitle).addCourses(GDPR_COURSE).build()));
        assertEquals(4, first.getReceived());
        assertEquals(2, first.getCreated());
        assertEquals(2, first.getFailed());
        assertEquals(2, first.getCatalogSize());
        assertEquals(1, first.getErrors(0).getPosition());
        assertEquals("url", first.getErrors(0).getField());
        assertEquals("bad-url", first.getErrors(0).getCourseId());
        assertEquals(2, first.getErrors(1).getPosition());
        assertEquals("title", first.getErrors(1).getField());

        Course changed = GDPR_COURSE.toBuilder().setDurationMinutes(60).build();
        UpsertCoursesResponse again = calls.upsertCourses(tenant, NEGOTIATION_COURSE, changed);
        assertEquals(1, again.getUnchanged());
        assertEquals(1, again.getUpdated());
        assertEquals(0, again.getCreated());
        assertEquals(2, again.getCatalogSize());
        assertEquals(60, calls.search(tenant, "GDPR").getHits(0).getCourse().getDurationMinutes());
    }

    @Test
    void aStreamThatSwitchesTenantOrSendsTooManyCoursesFailsNamingTheMessage() {
        String tenant = newTenant();
        assertInvalid("requests[1].tenant_id: 'other' differs from the stream's tenant '" + tenant + "'",
                () -> calls.upsertCourses(List.of(
                        UpsertCoursesRequest.newBuilder().setTenantId(tenant).addCourses(GDPR_COURSE).build(),
                        UpsertCoursesRequest.newBuilder().setTenantId("other").addCourses(K8S_COURSE).build())));
        assertInvalid("requests[0].tenant_id: is required", () -> calls.upsertCourses("", GDPR_COURSE));
        assertInvalid("requests[0].courses: 0 courses; a message carries 1 to 256",
                () -> calls.upsertCourses(tenant));
        Course[] tooMany = Collections.nCopies(257, GDPR_COURSE).toArray(Course[]::new);
        assertInvalid("requests[0].courses: 257 courses; a message carries 1 to 256",
                () -> calls.upsertCourses(tenant, tooMany));
    }

    @Test
    void coursesAreTaggedWithTheirTenantsCompetenciesKeptApartFromExplicitOnes() {
        String tenant = seededTenant();
        Course negotiation = calls.search(tenant, "negotiation").getHits(0).getCourse();
        assertEquals("c-neg", negotiation.getId());
        assertEquals(0, negotiation.getCompetencyIdsCount());
        List<String> inferred = negotiation.getInferredCompetenciesList().stream()
                .map(InferredCompetency::getCompetencyId).toList();
        assertEquals("esco:negotiate", inferred.getFirst(), negotiation.toString());
        assertFalse(inferred.contains("esco:kubernetes"), negotiation.toString());
        for (InferredCompetency tag : negotiation.getInferredCompetenciesList()) {
            assertTrue(tag.getSimilarity() >= 0.45f && tag.getSimilarity() <= 1f, tag.toString());
        }
        Course gdpr = calls.search(tenant, "GDPR").getHits(0).getCourse();
        assertEquals("esco:privacy", gdpr.getInferredCompetencies(0).getCompetencyId(), gdpr.toString());
        Course kubernetes = calls.search(tenant, "Kubernetes").getHits(0).getCourse();
        assertEquals(List.of("esco:kubernetes"), kubernetes.getCompetencyIdsList());
    }

    // ------------------------------------------------------------------------------------------- search

    @Test
    void hybridSearchFindsExactTermsAndExplainsWhy() {
        String tenant = seededTenant();
        SearchCoursesResponse response = calls.search(tenant, "GDPR");
        assertEquals(SearchMode.SEARCH_MODE_HYBRID, response.getMode());
        CourseHit top = response.getHits(0);
        assertEquals("c-gdpr", top.getCourse().getId());
        assertEquals(1, top.getExplanation().getLexicalRank());
        assertTrue(top.getExplanation().getLexicalScore() > 0);
        assertEquals(List.of("gdpr"), top.getExplanation().getMatchedTermsList());
        assertTrue(top.getExplanation().getDenseRank() > 0);
        float expectedRrf = 1f / (60 + top.getExplanation().getDenseRank()) + 1f / 61;
        assertEquals(expectedRrf, top.getScore(), 1e-6);
        assertEquals("catalog-lucene", response.getMeta().getModel().getName());
    }

    @Test
    void denseSearchMatchesParaphrasesAndScoresByCosine() {
        String tenant = seededTenant();
        SearchCoursesResponse response = calls.search(SearchCoursesRequest.newBuilder().setTenantId(tenant)
                .setText("protecting the personal information of customers").setMode(SearchMode.SEARCH_MODE_DENSE)
                .setTopK(2).build());
        assertEquals(List.of("c-gdpr"), ids(response).subList(0, 1));
        assertEquals(2, response.getHitsCount());
        CourseHit top = response.getHits(0);
        assertEquals(top.getExplanation().getDenseSimilarity(), top.getScore(), 1e-5);
        assertTrue(top.getScore() >= response.getHits(1).getScore());
    }

    @Test
    void aVectorQueryFromTheEmbeddingServiceFindsTheSameCourse() {
        String tenant = seededTenant();
        List<Float> vector = EmbeddingServiceGrpc.newBlockingStub(server.channel)
                .embed(EmbedRequest.newBuilder().addTexts("container orchestration clusters").build())
                .getEmbeddings(0).getVectorList();
        List<Float> scaled = vector.stream().map(v -> v * 3).toList(); // the server normalises
        SearchCoursesResponse response = calls.search(SearchCoursesRequest.newBuilder().setTenantId(tenant)
                .setVector(QueryVector.newBuilder().addAllValues(scaled)).setTopK(1).build());
        assertEquals(List.of("c-k8s"), ids(response));
        assertEquals(SearchMode.SEARCH_MODE_DENSE, response.getMode());
    }

    @Test
    void lexicalSearchStemsEachCourseInItsOwnLanguage() {
        String tenant = seededTenant();
        SearchCoursesResponse response = calls.search(SearchCoursesRequest.newBuilder().setTenantId(tenant)
                .setText("Verhandlung").setMode(SearchMode.SEARCH_MODE_LEXICAL).build());
        assertEquals(List.of("c-de"), ids(response));
        assertEquals(0, response.getHits(0).getExplanation().getDenseRank());
    }

    @Test
    void filtersApplyInsideTheSearchAndExplainCompetencyMatches() {
        String tenant = seededTenant();
        SearchCoursesRequest.Builder base = SearchCoursesRequest.newBuilder().setTenantId(tenant)
                .setText("training course").setTopK(10);
        SearchCoursesResponse byCompetency = calls.search(base.clone().setFilter(CourseFilter.newBuilder()
                .addCompetencyIds("esco:kubernetes").addCompetencyIds("esco:negotiate")).build());
        assertEquals(List.of("c-k8s", "c-neg"), ids(byCompetency).stream().sorted().toList());
        for (CourseHit hit : byCompetency.getHitsList()) {
            var match = hit.getExplanation().getCompetencyMatches(0);
            if (hit.getCourse().getId().equals("c-k8s")) {
                assertTrue(match.getExplicitMatch());
            } else {
                assertFalse(match.getExplicitMatch());
                assertTrue(match.getSimilarity() >= 0.45f);
            }
        }
        assertEquals(List.of("c-de", "c-neg"), ids(calls.search(base.clone().setFilter(CourseFilter.newBuilder()
                .addLevels(Level.LEVEL_INTERMEDIATE)).build())).stream().sorted().toList());
        assertEquals(List.of("c-de"), ids(calls.search(base.clone().setFilter(CourseFilter.newBuilder()
                .addLanguages("de")).build())));
        assertEquals(List.of(), ids(calls.search(base.clone().setFilter(CourseFilter.newBuilder()
                .addLanguages("de-DE")).build())));
        assertEquals(List.of("c-gdpr", "c-neg"), ids(calls.search(base.clone().setFilter(CourseFilter.newBuilder()
                .setMaxDurationMinutes(120)).build())).stream().sorted().toList());
        assertEquals(List.of("c-neg"), ids(calls.search(base.clone().setFilter(CourseFilter.newBuilder()
                .addProviders("NORTHWIND ACADEMY")).build())));
        assertEquals(List.of("c-neg"), ids(calls.search(base.clone().setFilter(CourseFilter.newBuilder()
                .addFormats(CourseFormat.COURSE_FORMAT_WORKSHOP)).build())));
        List<String> withoutTwo = ids(calls.search(base.clone().setFilter(CourseFilter.newBuilder()
                .addExcludeCourseIds("c-neg").addExcludeCourseIds("c-gdpr")).build()));
        assertEquals(List.of("c-de", "c-k8s"), withoutTwo.stream().sorted().toList());
    }

    @Test
    void oneTenantNeverSeesAnothersCatalog() {
        String tenant = seededTenant();
        String other = newTenant();
        assertEquals(0, calls.search(other, "GDPR").getHitsCount());
        GetCatalogInfoResponse info = calls.blocking.getCatalogInfo(
                GetCatalogInfoRequest.newBuilder().setTenantId(other).build());
        assertEquals(0, info.getCourseCount());
        assertEquals(0, info.getCompetencyCount());
        assertFalse(info.hasUpdatedAt());
        // The same course id in another tenant is another course.
        calls.upsertCourses(other, GDPR_COURSE.toBuilder().setTitle("Datenschutz für Teams").build());
        assertEquals("GDPR Essentials", calls.search(tenant, "GDPR").getHits(0).getCourse().getTitle());
        DeleteCoursesResponse deleted = calls.blocking.deleteCourses(DeleteCoursesRequest.newBuilder()
                .setTenantId(other).setDeleteAll(true).build());
        assertEquals(1, deleted.getDeleted());
        assertEquals(4, calls.blocking.getCatalogInfo(GetCatalogInfoRequest.newBuilder().setTenantId(tenant)
                .build()).getCourseCount());
    }

    @Test
    void badSearchesAreRefusedNamingTheField() {
        String tenant = newTenant();
        SearchCoursesRequest.Builder base = SearchCoursesRequest.newBuilder().setTenantId(tenant);
        assertInvalid("query: set text or vector", () -> calls.search(base.build()));
        assertInvalid("tenant_id: must be 1 to 64 characters of A-Z a-z 0-9 . _ -",
                () -> calls.search("a b", "x"));
        assertInvalid("top_k: 101 is outside 0..100", () -> calls.search(base.clone().setText("x").setTopK(101)
                .build()));
        assertInvalid("text: is blank", () -> calls.search(base.clone().setText("  ").build()));
        assertInvalid("vector.values: 3 values; the model's vectors have 384", () -> calls.search(base.clone()
                .setVector(QueryVector.newBuilder().addValues(1).addValues(2).addValues(3)).build()));
        assertInvalid("vector.values: has norm 0", () -> calls.search(base.clone()
                .setVector(QueryVector.newBuilder().addAllValues(Collections.nCopies(384, 0f))).build()));
        assertInvalid("mode: lexical search needs a text query, not a vector", () -> calls.search(base.clone()
                .setVector(QueryVector.newBuilder().addAllValues(Collections.nCopies(384, 1f)))
                .setMode(SearchMode.SEARCH_MODE_LEXICAL).build()));
        assertInvalid("filter.languages[0]: 'english!' is not a BCP 47 language tag such as en, de-CH",
                () -> calls.search(base.clone().setText("x")
                        .setFilter(CourseFilter.newBuilder().addLanguages("english!")).build()));
        assertInvalid("filter.max_duration_minutes: must be >= 0", () -> calls.search(base.clone().setText("x")
                .setFilter(CourseFilter.newBuilder().setMaxDurationMinutes(-1)).build()));
        assertInvalid("filter.exclude_course_ids: 1001 values; the limit is 1000", () -> calls.search(base.clone()
                .setText("x").setFilter(CourseFilter.newBuilder()
                        .addAllExcludeCourseIds(Collections.nCopies(1001, "c"))).build()));
        assertEquals(0, calls.search(tenant, "anything").getHitsCount(), "an empty catalog is not an error");
    }

    // ------------------------------------------------------------------------------------------- deletes

    @Test
    void deleteReportsIdsThatDidNotExistAndRefusesAmbiguousRequests() {
        String tenant = seededTenant();
        DeleteCoursesResponse response = calls.blocking.deleteCourses(DeleteCoursesRequest.newBuilder()
                .setTenantId(tenant).addCourseIds("c-gdpr").addCourseIds("nope").build());
        assertEquals(1, response.getDeleted());
        assertEquals(List.of("nope"), response.getNotFoundCourseIdsList());
        assertEquals(3, response.getCatalogSize());
        assertFalse(ids(calls.search(tenant, "GDPR")).contains("c-gdpr"));
        assertInvalid("course_ids: must be empty when delete_all is set", () -> calls.blocking.deleteCourses(
                DeleteCoursesRequest.newBuilder().setTenantId(tenant).setDeleteAll(true).addCourseIds("x").build()));
        assertInvalid("course_ids: name at least one course, or set delete_all", () -> calls.blocking
                .deleteCourses(DeleteCoursesRequest.newBuilder().setTenantId(tenant).build()));
    }

    // ------------------------------------------------------------------------------------------- frameworks

    @Test
    void aFrameworkWithAMissingParentOrACycleIsRefusedAndNothingIsApplied() {
        String tenant = newTenant();
        assertInvalid("competencies[0].parent_id: 'ghost' is not in the framework", () -> calls.upsertCompetencies(
                tenant, NEGOTIATION.toBuilder().setParentId("ghost").build()));
        assertInvalid("competencies[0].parent_id: the parents of 'a' form a cycle through 'a'",
                () -> calls.upsertCompetencies(tenant,
                        competency("a", "A", "").toBuilder().setParentId("b").build(),
                        competency("b", "B", "").toBuilder().setParentId("a").build()));
        assertInvalid("requests[0].competencies[1].id: 'esco:negotiate' was sent twice in this stream",
                () -> calls.upsertCompetencies(tenant, NEGOTIATION, NEGOTIATION));
        assertEquals(0, calls.blocking.getCatalogInfo(GetCatalogInfoRequest.newBuilder().setTenantId(tenant)
                .build()).getCompetencyCount());
    }

    @Test
    void replacingTheFrameworkWithRetaggingUpdatesInferredCompetencies() {
        String tenant = seededTenant();
        Competency bargaining = competency("own:bargaining", "bargaining with clients",
                "Negotiating prices and contract terms with clients and closing the deal.");
        UpsertCompetenciesResponse replaced = calls.upsertCompetencies(List.of(UpsertCompetenciesRequest
                .newBuilder().setTenantId(tenant).setReplaceFramework(true).setRetagCourses(true)
                .addCompetencies(bargaining).addCompetencies(PRIVACY).addCompetencies(KUBERNETES).build()));
        assertEquals(1, replaced.getCreated());
        assertEquals(2, replaced.getUnchanged());
        assertEquals(1, replaced.getDeleted());
        assertEquals(4, replaced.getCoursesRetagged());
        assertEquals(3, replaced.getFrameworkSize());
        Course negotiation = calls.search(tenant, "negotiation").getHits(0).getCourse();
        assertEquals("own:bargaining", negotiation.getInferredCompetencies(0).getCompetencyId(),
                negotiation.toString());
        // Re-sending the unchanged course keeps it unchanged: its tags already match the framework.
        assertEquals(1, calls.upsertCourses(tenant, NEGOTIATION_COURSE).getUnchanged());
    }

    @Test
    void catalogInfoReportsSizesBackendAndAVersionThatChangesWithEveryWrite() {
        String tenant = seededTenant();
        GetCatalogInfoResponse before = calls.blocking.getCatalogInfo(GetCatalogInfoRequest.newBuilder()
                .setTenantId(tenant).build());
        assertEquals(4, before.getCourseCount());
        assertEquals(3, before.getCompetencyCount());
        assertEquals(CatalogBackend.CATALOG_BACKEND_LUCENE, before.getBackend());
        assertEquals(384, before.getDimensions());
        assertTrue(before.getLexicalSearch());
        assertTrue(before.hasUpdatedAt());
        assertEquals(before.getIndexVersion(), before.getMeta().getModel().getVersion());
        assertEquals("all-MiniLM-L6-v2-quantized", before.getEmbeddingModel().getName());
        calls.upsertCourses(tenant, course("c-new", "Presentation skills", "Speak with confidence.").build());
        GetCatalogInfoResponse after = calls.blocking.getCatalogInfo(GetCatalogInfoRequest.newBuilder()
                .setTenantId(tenant).build());
        assertNotEquals(before.getIndexVersion(), after.getIndexVersion());
        assertEquals(5, after.getCourseCount());
    }

    // ------------------------------------------------------------------------------------------- on disk

    @Test
    void theCatalogSurvivesARestart(@TempDir Path directory) {
        ServerConfig config = ServerConfig.defaults();
        config = config.withCatalog(config.catalog().withDirectory(directory));
        String tenant = newTenant();
        try (InProcessInferenceServer first = InProcessInferenceServer.start(config, GatedEncoder.overSharedModel())) {
            CatalogCalls firstCalls = new CatalogCalls(first.channel);
            firstCalls.upsertCompetencies(tenant, PRIVACY);
            firstCalls.upsertCourses(tenant, GDPR_COURSE, K8S_COURSE);
        }
        try (InProcessInferenceServer second = InProcessInferenceServer.start(config, GatedEncoder.overSharedModel())) {
            CatalogCalls secondCalls = new CatalogCalls(second.channel);
            assertEquals(List.of("c-gdpr"), ids(secondCalls.search(SearchCoursesRequest.newBuilder()
                    .setTenantId(tenant).setText("GDPR").setTopK(1).build())));
            assertEquals(1, secondCalls.blocking.getCatalogInfo(GetCatalogInfoRequest.newBuilder()
                    .setTenantId(tenant).build()).getCompetencyCount());
            assertEquals(1, secondCalls.upsertCourses(tenant, GDPR_COURSE).getUnchanged());
        }
    }

    @Test
    void vectorsFromAnotherModelAreReEmbeddedAtStartInANewIndexBesideTheOldOne(@TempDir Path directory)
            throws Exception {
        String tenant = newTenant();
        float[] stale = new float[384];
        stale[0] = 1; // what another model might have produced: unrelated to this model's vectors
        try (LanguageAnalyzers analyzers = new LanguageAnalyzers();
             LuceneCatalogIndex old = LuceneCatalogIndex.open(directory, analyzers, 100, Clock.systemUTC())) {
            old.recordEmbeddingModel("some-older-model@0123456789ab");
            old.updateFramework(tenant, List.of(new IndexedCompetency(PRIVACY, stale)), Set.of());
            old.upsertCourses(tenant, List.of(new IndexedCourse(GDPR_COURSE, stale, "x"),
                    new IndexedCourse(K8S_COURSE, stale, "y")));
            old.commit();
        }
        ServerConfig config = ServerConfig.defaults();
        config = config.withCatalog(config.catalog().withDirectory(directory));
        try (InProcessInferenceServer restarted = InProcessInferenceServer.start(config,
                GatedEncoder.overSharedModel())) {
            CatalogCalls restartedCalls = new CatalogCalls(restarted.channel);
            SearchCoursesResponse response = restartedCalls.search(SearchCoursesRequest.newBuilder()
                    .setTenantId(tenant).setText("personal data protection law").setMode(SearchMode.SEARCH_MODE_DENSE)
                    .build());
            assertEquals(List.of("c-gdpr", "c-k8s"), ids(response));
            assertTrue(response.getHits(0).getScore() > 0.3f, response.toString());
            assertEquals("esco:privacy", response.getHits(0).getCourse().getInferredCompetencies(0)
                    .getCompetencyId());
        }
        assertEquals("index-000002", Files.readString(directory.resolve("CURRENT")).strip());
        try (var entries = Files.list(directory)) {
            assertEquals(List.of("CURRENT", "index-000002"),
                    entries.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
