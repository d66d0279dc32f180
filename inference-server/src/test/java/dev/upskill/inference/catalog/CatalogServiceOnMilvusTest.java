package dev.upskill.inference.catalog;

import dev.upskill.inference.server.ServerConfig;
import dev.upskill.inference.testing.GatedEncoder;
import dev.upskill.inference.testing.InProcessInferenceServer;
import dev.upskill.proto.v1.CatalogBackend;
import dev.upskill.proto.v1.CourseFilter;
import dev.upskill.proto.v1.GetCatalogInfoRequest;
import dev.upskill.proto.v1.GetCatalogInfoResponse;
import dev.upskill.proto.v1.Level;
import dev.upskill.proto.v1.SearchCoursesRequest;
import dev.upskill.proto.v1.SearchCoursesResponse;
import dev.upskill.proto.v1.SearchMode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import static dev.upskill.inference.catalog.CatalogServiceTest.GDPR_COURSE;
import static dev.upskill.inference.catalog.CatalogServiceTest.GERMAN_COURSE;
import static dev.upskill.inference.catalog.CatalogServiceTest.K8S_COURSE;
import static dev.upskill.inference.catalog.CatalogServiceTest.KUBERNETES;
import static dev.upskill.inference.catalog.CatalogServiceTest.NEGOTIATION;
import static dev.upskill.inference.catalog.CatalogServiceTest.NEGOTIATION_COURSE;
import static dev.upskill.inference.catalog.CatalogServiceTest.PRIVACY;
import static dev.upskill.inference.catalog.CatalogServiceTest.ids;
import static dev.upskill.inference.catalog.CatalogServiceTest.newTenant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The catalog service with {@code catalog.backend=milvus}: the same answers as on Lucene, dense where Lucene
 * would fuse. Runs against the Milvus of {@code UPSKILL_TEST_MILVUS_URI} (CI starts Milvus Lite); skipped, with
 * the reason, without one.
 */
class CatalogServiceOnMilvusTest {

    static InProcessInferenceServer server;
    static CatalogCalls calls;

    @BeforeAll
    static void start() {
        String uri = Optional.ofNullable(System.getenv("UPSKILL_TEST_MILVUS_URI"))
                .or(() -> Optional.ofNullable(System.getProperty("upskill.test.milvus-uri")))
                .filter(value -> !value.isBlank()).orElse(null);
        Assumptions.assumeTrue(uri != null, "no Milvus to run the catalog service on: set "
                + "UPSKILL_TEST_MILVUS_URI=http://127.0.0.1:19530 (CI does; bin/milvus-lite starts one)");
        String prefix = "upskill_svc_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + "_";
        ServerConfig config = ServerConfig.defaults();
        config = config.withCatalog(config.catalog().onMilvus(uri, prefix));
        server = InProcessInferenceServer.start(config, GatedEncoder.overSharedModel());
        calls = new CatalogCalls(server.channel);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void ingestsTagsAndSearchesDenseWithFiltersAndTenantIsolation() {
        String tenant = newTenant();
        calls.upsertCompetencies(tenant, NEGOTIATION, KUBERNETES, PRIVACY);
        assertEquals(4, calls.upsertCourses(tenant, NEGOTIATION_COURSE, K8S_COURSE, GDPR_COURSE, GERMAN_COURSE)
                .getCreated());
        assertEquals(4, calls.upsertCourses(tenant, NEGOTIATION_COURSE, K8S_COURSE, GDPR_COURSE, GERMAN_COURSE)
                .getUnchanged());

        SearchCoursesResponse response = calls.search(tenant, "protecting the personal information of customers");
        assertEquals(SearchMode.SEARCH_MODE_DENSE, response.getMode(), "hybrid runs as dense on Milvus");
        assertEquals("c-gdpr", response.getHits(0).getCourse().getId());
        assertEquals("esco:privacy", response.getHits(0).getCourse().getInferredCompetencies(0).getCompetencyId());
        assertEquals(response.getHits(0).getExplanation().getDenseSimilarity(), response.getHits(0).getScore(), 1e-4);

        SearchCoursesResponse filtered = calls.search(SearchCoursesRequest.newBuilder().setTenantId(tenant)
                .setText("training").setFilter(CourseFilter.newBuilder().addLevels(Level.LEVEL_INTERMEDIATE)
                        .addLanguages("de")).build());
        assertEquals(List.of("c-de"), ids(filtered));

        assertEquals(0, calls.search(newTenant(), "GDPR").getHitsCount());
        GetCatalogInfoResponse info = calls.blocking.getCatalogInfo(GetCatalogInfoRequest.newBuilder()
                .setTenantId(tenant).build());
        assertEquals(CatalogBackend.CATALOG_BACKEND_MILVUS, info.getBackend());
        assertEquals(4, info.getCourseCount());
        assertEquals(3, info.getCompetencyCount());
        assertFalse(info.getLexicalSearch());
        assertEquals("catalog-milvus", info.getMeta().getModel().getName());
    }

    @Test
    void lexicalSearchIsAFailedPreconditionOnMilvus() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> calls.search(
                SearchCoursesRequest.newBuilder().setTenantId(newTenant()).setText("GDPR")
                        .setMode(SearchMode.SEARCH_MODE_LEXICAL).build()));
        assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
        assertEquals("mode: the catalog-milvus backend has no lexical search; use dense or hybrid",
                e.getStatus().getDescription());
    }
}
