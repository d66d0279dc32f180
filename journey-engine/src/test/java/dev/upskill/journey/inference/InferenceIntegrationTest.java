package dev.upskill.journey.inference;

import static dev.upskill.journey.ImportStreams.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.upskill.client.inference.InferenceClient;
import dev.upskill.journey.JourneyStubs;
import dev.upskill.journey.TestDataDirectories;
import dev.upskill.journey.TestInferenceServer;
import dev.upskill.proto.v1.CompetencyRequirement;
import dev.upskill.proto.v1.Course;
import dev.upskill.proto.v1.Employee;
import dev.upskill.proto.v1.Framework;
import dev.upskill.proto.v1.FrameworkCompetency;
import dev.upskill.proto.v1.ImportCoursesRequest;
import dev.upskill.proto.v1.ImportEmployeesRequest;
import dev.upskill.proto.v1.ImportFrameworkRequest;
import dev.upskill.proto.v1.ImportResponse;
import dev.upskill.proto.v1.ImportRolesRequest;
import dev.upskill.proto.v1.Importance;
import dev.upskill.proto.v1.LearningEventType;
import dev.upskill.proto.v1.ListRecommendationsRequest;
import dev.upskill.proto.v1.ProficiencyLevel;
import dev.upskill.proto.v1.Recommendation;
import dev.upskill.proto.v1.RecordLearningEventRequest;
import dev.upskill.proto.v1.Role;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The engine and a real inference server (started in this JVM on loopback, the MiniLM model, the Lucene catalog):
 * imported competencies and courses reach the inference server's catalog through the sync, ListRecommendations
 * ranks courses for the gaps computed from the company data, and with the inference server gone imports still
 * succeed while recommendations answer UNAVAILABLE.
 */
@Import(JourneyStubs.class)
@SpringBootTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InferenceIntegrationTest {

    private static final Path DATA_DIR = TestDataDirectories.create("inference-");
    private static final String T = "acme";
    private static TestInferenceServer inferenceServer;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        inferenceServer = TestInferenceServer.start(DATA_DIR);
        registry.add("upskill.journey.data-dir", () -> DATA_DIR.resolve("postgres").toString());
        registry.add("upskill.journey.inference.addresses[0]", inferenceServer::address);
        registry.add("upskill.journey.inference.retry.max-attempts", () -> "2");
        // Pushes happen after each import commits; the periodic run would only retry failures.
        registry.add("upskill.journey.catalog-sync.interval", () -> "1h");
    }

    @Autowired JourneyStubs stubs;
    @Autowired JdbcClient jdbc;
    @Autowired InferenceClient inference;
    @Autowired CatalogSync sync;

    @AfterAll
    void stopInferenceServer() {
        inferenceServer.stop();
    }

    private static FrameworkCompetency competency(String id, String name, String description) {
        return FrameworkCompetency.newBuilder().setId(id).setName(name).setDescription(description).build();
    }

    private static Course course(String id, String title, String description) {
        return Course.newBuilder().setId(id).setTitle(title).setDescription(description).setLanguage("en")
                .setUrl("https://learn.example/" + id).build();
    }

    private void awaitSynced() throws InterruptedException {
        for (int i = 0; i < 600 && jdbc.sql("""
                SELECT count(*) FROM company.course WHERE catalog_synced_at IS NULL OR catalog_synced_at < updated_at""")
                .query(Long.class).single() > 0; i++) {
            Thread.sleep(100);
        }
    }

    private List<Recommendation> recommend(String employee, int topK) {
        return stubs.blocking().listRecommendations(ListRecommendationsRequest.newBuilder().setTenantId(T)
                .setEmployeeId(employee).setTopK(topK).build()).getRecommendationsList();
    }

    @Test
    @Order(1)
    void importedCatalogReachesTheInferenceServerAndRecommendationsCoverTheGaps() throws Exception {
        call(stubs.async()::importFramework, ImportFrameworkRequest.newBuilder().setTenantId(T)
                .setFramework(Framework.newBuilder().setId("fw").setName("Data"))
                .addScale(ProficiencyLevel.newBuilder().setLevel(1).setName("beginner"))
                .addScale(ProficiencyLevel.newBuilder().setLevel(2).setName("intermediate"))
                .addScale(ProficiencyLevel.newBuilder().setLevel(3).setName("advanced"))
                .addScale(ProficiencyLevel.newBuilder().setLevel(4).setName("expert"))
                .addCompetencies(competency("sql", "SQL", "Writing SQL queries against relational databases"))
                .addCompetencies(competency("python", "Python programming", "Programming in the Python language"))
                .addCompetencies(competency("cooking", "Cooking", "Preparing meals in a kitchen"))
                .build());
        call(stubs.async()::importRoles, ImportRolesRequest.newBuilder().setTenantId(T)
                .addRoles(Role.newBuilder().setId("analyst").setName("Data analyst")
                        .addRequirements(CompetencyRequirement.newBuilder().setCompetencyId("sql").setRequiredLevel(3)
                                .setImportance(Importance.IMPORTANCE_ESSENTIAL))
                        .addRequirements(CompetencyRequirement.newBuilder().setCompetencyId("python")
                                .setRequiredLevel(2).setImportance(Importance.IMPORTANCE_OPTIONAL)))
                .build());
        call(stubs.async()::importEmployees, ImportEmployeesRequest.newBuilder().setTenantId(T)
                .addEmployees(Employee.newBuilder().setId("ann").setRoleId("analyst"))
                .addEmployees(Employee.newBuilder().setId("bob"))
                .build());
        // Ann has SQL at intermediate: the SQL gap is one level, the Python gap two.
        jdbc.sql("""
                INSERT INTO company.employee_competency (tenant_id, employee_id, competency_id, level, source)
                VALUES ('acme', 'ann', 'sql', 2, 'MANUAL')""").update();
        call(stubs.async()::importCourses, ImportCoursesRequest.newBuilder().setTenantId(T)
                .addCourses(course("sql-joins", "SQL joins and subqueries",
                        "Write SQL queries that join tables in a relational database"))
                .addCourses(course("sql-window", "Advanced SQL: window functions",
                        "Analytical SQL queries with window functions"))
                .addCourses(course("py-intro", "Python programming for beginners",
                        "Learn to program in Python: variables, loops, functions"))
                .addCourses(course("bread", "Baking bread at home", "Knead, proof and bake a loaf in your kitchen"))
                .build());
        awaitSynced();

        assertThat(inference.catalog().info(T).getCourseCount()).isEqualTo(4);
        List<Recommendation> recommendations = recommend("ann", 3);
        assertThat(recommendations).hasSize(3);
        assertThat(recommendations).extracting(Recommendation::getCourseId).doesNotContain("bread");
        assertThat(recommendations).allSatisfy(r -> {
            assertThat(r.getCoveredCompetencyIdsList()).isNotEmpty().isSubsetOf("sql", "python");
            assertThat(r.getReason()).isNotBlank();
            assertThat(r.getCourseTitle()).isNotBlank();
        });
        // A completed course is not recommended again.
        String first = recommendations.getFirst().getCourseId();
        stubs.blocking().recordLearningEvent(RecordLearningEventRequest.newBuilder().setTenantId(T).setEmployeeId("ann")
                .setCourseId(first).setType(LearningEventType.LEARNING_EVENT_TYPE_COMPLETED).build());
        assertThat(recommend("ann", 10)).extracting(Recommendation::getCourseId).doesNotContain(first);

        // Bob has no role and no team: no gaps, nothing to recommend.
        assertThat(recommend("bob", 0)).isEmpty();
    }

    @Test
    @Order(2)
    void badRequestsAreRefusedBeforeTheInferenceServerIsCalled() {
        StatusRuntimeException topK = catchThrowableOfType(StatusRuntimeException.class, () -> recommend("ann", 101));
        assertThat(topK.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(topK.getStatus().getDescription()).startsWith("top_k:");
        StatusRuntimeException unknown = catchThrowableOfType(StatusRuntimeException.class,
                () -> recommend("nobody", 5));
        assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(unknown.getStatus().getDescription()).startsWith("employee_id:");
    }

    @Test
    @Order(3)
    void withTheInferenceServerGoneImportsSucceedAndRecommendationsAreUnavailable() throws Exception {
        inferenceServer.stop();
        ImportResponse imported = call(stubs.async()::importCourses, ImportCoursesRequest.newBuilder().setTenantId(T)
                .addCourses(course("sql-perf", "SQL performance tuning", "Indexes and query plans")).build());
        assertThat(imported.getCreated()).isOne();
        StatusRuntimeException down = catchThrowableOfType(StatusRuntimeException.class, () -> recommend("ann", 5));
        assertThat(down.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(down.getStatus().getDescription()).startsWith("inference server: UNAVAILABLE");
        // The course waits for the next sync.
        assertThat(jdbc.sql("SELECT catalog_synced_at IS NULL FROM company.course WHERE tenant_id = ? AND id = ?")
                .param(T).param("sql-perf").query(Boolean.class).single()).isTrue();
    }
}
