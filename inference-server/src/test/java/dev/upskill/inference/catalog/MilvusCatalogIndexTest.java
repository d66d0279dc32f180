package dev.upskill.inference.catalog;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import dev.upskill.proto.v1.CatalogBackend;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.UpsertReq;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The catalog contract on the Milvus backend, against the Milvus named by the environment variable
 * {@code UPSKILL_TEST_MILVUS_URI} (or the system property {@code upskill.test.milvus-uri}); skipped, with a
 * reason, when neither is set. CI starts Milvus Lite and sets it (see .ci/run and docs/catalog.md). Each test
 * gets collections of its own under a prefix unique to this run, dropped after it.
 */
class MilvusCatalogIndexTest extends CatalogIndexContract {

    private static final Logger log = LoggerFactory.getLogger(MilvusCatalogIndexTest.class);
    private static final String RUN_PREFIX =
            "upskill_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + "_";
    private static final AtomicInteger tests = new AtomicInteger();

    private static final String NO_MILVUS = "no Milvus to test the Milvus catalog backend against: set"
            + " UPSKILL_TEST_MILVUS_URI=http://127.0.0.1:19530 to run against Milvus (CI does; bin/milvus-lite"
            + " starts one)";

    private static String uri;
    private static MilvusClientV2 admin;
    private String prefix;

    @BeforeAll
    static void connect() {
        uri = Optional.ofNullable(System.getenv("UPSKILL_TEST_MILVUS_URI"))
                .or(() -> Optional.ofNullable(System.getProperty("upskill.test.milvus-uri")))
                .filter(value -> !value.isBlank())
                .orElse(null);
        if (uri == null) {
            log.warn("skipping MilvusCatalogIndexTest: {}", NO_MILVUS);
            return;
        }
        admin = new MilvusClientV2(ConnectConfig.builder().uri(uri).build());
    }

    @AfterAll
    static void dropLeftovers() {
        if (admin == null) {
            return;
        }
        try {
            admin.listCollections().getCollectionNames().stream()
                    .filter(name -> name.startsWith(RUN_PREFIX))
                    .forEach(MilvusCatalogIndexTest::drop);
        } finally {
            admin.close();
        }
    }

    @Override
    protected CatalogIndex newIndex(Clock clock) {
        // Each test is reported as skipped, with the reason, rather than the class vanishing from the counts.
        Assumptions.assumeTrue(uri != null, NO_MILVUS);
        prefix = RUN_PREFIX + tests.incrementAndGet() + "_";
        return open(DIMENSION);
    }

    private MilvusCatalogIndex open(int dimension) {
        return MilvusCatalogIndex.connect(uri, prefix, dimension, 100, Duration.ofSeconds(30), clock);
    }

    @Override
    protected void deleteIndex() {
        if (admin == null) {
            return;
        }
        admin.listCollections().getCollectionNames().stream()
                .filter(name -> name.startsWith(prefix))
                .forEach(MilvusCatalogIndexTest::drop);
    }

    private static void drop(String collection) {
        admin.dropCollection(DropCollectionReq.builder().collectionName(collection).build());
    }

    @Test
    void aReopenedIndexKeepsEverything() {
        index.recordEmbeddingModel("model-1");
        index.upsertCourses(ACME, List.of(indexed(course("c1"), unit(1, 0))));
        index.updateFramework(ACME, List.of(competency("a", unit(1, 0))), Set.of());
        var updated = index.updatedAt(ACME);
        String version = index.version();
        index.close();

        index = open(DIMENSION);

        assertEquals(CatalogBackend.CATALOG_BACKEND_MILVUS, index.backend());
        assertEquals(Optional.of("model-1"), index.embeddingModel());
        assertEquals(version, index.version());
        assertEquals(Set.of("c1"), index.findCourses(ACME, List.of("c1")).keySet());
        assertEquals(List.of("a"), competencyIds(index.competencies(ACME)));
        assertEquals(updated, index.updatedAt(ACME));
        assertEquals(List.of("c1"), ids(index.denseSearch(ACME, unit(1, 0), SearchFilter.none(), 5)));
    }

    @Test
    void collectionsOfAnotherDimensionAreRefused() {
        index.upsertCourses(ACME, List.of(indexed(course("c1"), unit(1, 0))));

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> open(768).close());
        assertTrue(refused.getMessage().contains("384 dimensions, not 768"), refused.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> index.upsertCourses(ACME, List.of(indexed(course("c2"), new float[] {1, 0}))));
    }

    @Test
    void theNextFrameworkUpdateUndoesOneThatFailedHalfWay() {
        index.updateFramework(ACME, List.of(competency("a", unit(1, 0)), competency("b", unit(0, 1))), Set.of());
        // What an update to generation 2 leaves when it fails before switching: a retired, c added.
        Map<String, Object> a = storedCompetency(MilvusCatalogIndex.competencyKey(ACME, 1, "a"));
        a.put("died", 2L);
        Map<String, Object> c = storedCompetency(MilvusCatalogIndex.competencyKey(ACME, 1, "b"));
        c.put("key", MilvusCatalogIndex.competencyKey(ACME, 2, "c"));
        c.put("competency_id", "c");
        c.put("born", 2L);
        upsertCompetencies(List.of(a, c));
        assertEquals(List.of("a", "b"), competencyIds(index.competencies(ACME)), "readers of generation 1");

        index.updateFramework(ACME, List.of(competency("d", unit(1, 1))), Set.of());

        assertEquals(List.of("a", "b", "d"), competencyIds(index.competencies(ACME)));
    }

    private Map<String, Object> storedCompetency(String key) {
        var rows = admin.query(QueryReq.builder().collectionName(prefix + "competencies").ids(List.of(key))
                .outputFields(List.of("key", "tenant", "competency_id", "born", "died", "payload", "payload_2",
                        "vector"))
                .build()).getQueryResults();
        assertEquals(1, rows.size(), key);
        return new HashMap<>(rows.getFirst().getEntity());
    }

    private void upsertCompetencies(List<Map<String, Object>> rows) {
        Gson gson = new Gson();
        List<JsonObject> json = rows.stream().map(row -> gson.toJsonTree(row).getAsJsonObject()).toList();
        admin.upsert(UpsertReq.builder().collectionName(prefix + "competencies").data(json).build());
    }
}
