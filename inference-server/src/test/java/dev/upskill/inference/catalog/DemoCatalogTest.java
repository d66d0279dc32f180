package dev.upskill.inference.catalog;

import dev.upskill.inference.server.ServerConfig;
import dev.upskill.inference.testing.GatedEncoder;
import dev.upskill.inference.testing.InProcessInferenceServer;
import dev.upskill.proto.v1.CourseFilter;
import dev.upskill.proto.v1.CourseHit;
import dev.upskill.proto.v1.GetCatalogInfoRequest;
import dev.upskill.proto.v1.GetCatalogInfoResponse;
import dev.upskill.proto.v1.SearchCoursesRequest;
import dev.upskill.proto.v1.SearchCoursesResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo company a newcomer sees after {@code bin/start}: loaded once into tenant "demo", searchable. */
class DemoCatalogTest {

    @Test
    void theDemoLoadsOnceAndIsSearchable(@TempDir Path directory) {
        ServerConfig config = ServerConfig.defaults();
        config = config.withCatalog(config.catalog().withDirectory(directory).withDemo(true));
        int courses = DemoCatalog.courses().size();
        int competencies = DemoCatalog.framework().size();
        String updatedAt;
        try (InProcessInferenceServer server = InProcessInferenceServer.start(config, GatedEncoder.overSharedModel())) {
            CatalogCalls calls = new CatalogCalls(server.channel);
            GetCatalogInfoResponse info = calls.blocking.getCatalogInfo(GetCatalogInfoRequest.newBuilder()
                    .setTenantId(DemoCatalog.TENANT).build());
            assertEquals(courses, info.getCourseCount(), "every demo course is valid and stored");
            assertEquals(competencies, info.getCompetencyCount());
            updatedAt = info.getUpdatedAt().toString();

            SearchCoursesResponse kubernetes = calls.search(DemoCatalog.TENANT, "Kubernetes");
            assertTrue(kubernetes.getHits(0).getCourse().getTitle().toLowerCase(Locale.ROOT).contains("kubernetes")
                    || kubernetes.getHits(0).getCourse().getDescription().contains("Kubernetes"),
                    kubernetes.getHits(0).toString());

            // Every course found through a competency filter really has that competency, explicit or inferred.
            String competency = DemoCatalog.framework().getFirst().getId();
            SearchCoursesResponse filtered = calls.search(SearchCoursesRequest.newBuilder()
                    .setTenantId(DemoCatalog.TENANT).setText("training").setTopK(50)
                    .setFilter(CourseFilter.newBuilder().addCompetencyIds(competency)).build());
            for (CourseHit hit : filtered.getHitsList()) {
                assertEquals(competency, hit.getExplanation().getCompetencyMatches(0).getCompetencyId());
            }
        }
        try (InProcessInferenceServer again = InProcessInferenceServer.start(config, GatedEncoder.overSharedModel())) {
            GetCatalogInfoResponse info = new CatalogCalls(again.channel).blocking.getCatalogInfo(
                    GetCatalogInfoRequest.newBuilder().setTenantId(DemoCatalog.TENANT).build());
            assertEquals(courses, info.getCourseCount());
            assertEquals(updatedAt, info.getUpdatedAt().toString(), "a second start keeps the data as it was");
        }
    }
}
