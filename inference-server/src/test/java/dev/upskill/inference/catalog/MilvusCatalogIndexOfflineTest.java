package dev.upskill.inference.catalog;

import dev.upskill.proto.v1.CourseFilter;
import dev.upskill.proto.v1.CourseFormat;
import dev.upskill.proto.v1.Level;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** What the Milvus backend does without a Milvus: its filter expressions, and failing to connect. */
class MilvusCatalogIndexOfflineTest {

    @Test
    void literalsEscapeWhatWouldEndOrBreakThem() {
        assertEquals("\"plain\"", MilvusCatalogIndex.literal("plain"));
        assertEquals("\"O\\\"Reilly\"", MilvusCatalogIndex.literal("O\"Reilly"));
        assertEquals("\"a\\\\b\"", MilvusCatalogIndex.literal("a\\b"));
        assertEquals("\"it's\"", MilvusCatalogIndex.literal("it's"));
        assertEquals("\"x\\ny\\rz\\tw\"", MilvusCatalogIndex.literal("x\ny\rz\tw"));
        assertEquals("\"\\\" or tenant != \\\"\"", MilvusCatalogIndex.literal("\" or tenant != \""));
        assertEquals("\"ünï €\"", MilvusCatalogIndex.literal("ünï €"));
    }

    @Test
    void aFilterBecomesOneExpressionWithinTheTenant() {
        SearchFilter filter = SearchFilter.of(CourseFilter.newBuilder()
                .addCompetencyIds("k8s").addCompetencyIds("sql")
                .addLevels(Level.LEVEL_ADVANCED).addLevels(Level.LEVEL_UNSPECIFIED)
                .addLanguages("EN").addLanguages("de-CH")
                .addProviders("Coursera")
                .setMaxDurationMinutes(90)
                .addFormats(CourseFormat.COURSE_FORMAT_VIDEO)
                .addExcludeCourseIds("c\"1")
                .build());

        assertEquals("tenant == \"acme\""
                        + " and array_contains_any(competencies, [\"k8s\", \"sql\"])"
                        + " and level in [0, 3]"
                        + " and (language_primary in [\"en\"] or language in [\"de-ch\"])"
                        + " and provider in [\"coursera\"]"
                        + " and (duration > 0 and duration <= 90)"
                        + " and format in [2]"
                        + " and not (course_id in [\"c\\\"1\"])",
                MilvusCatalogIndex.filterExpression("acme", filter));
        assertEquals("tenant == \"acme\"", MilvusCatalogIndex.filterExpression("acme", SearchFilter.none()));
    }

    @Test
    void anUnreachableMilvusIsUnavailable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        String uri = "http://127.0.0.1:" + port;
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(CatalogUnavailableException.class,
                () -> MilvusCatalogIndex.connect(uri, "upskill_", 384, 100, Duration.ofSeconds(2),
                        Clock.systemUTC())));
    }

    @Test
    void aPrefixMustBeAValidCollectionName() {
        assertThrows(IllegalArgumentException.class, () -> MilvusCatalogIndex.connect("http://127.0.0.1:1",
                "bad-prefix", 384, 100, Duration.ofSeconds(1), Clock.systemUTC()));
    }
}
