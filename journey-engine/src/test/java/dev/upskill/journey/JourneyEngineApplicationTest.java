package dev.upskill.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application on a real embedded PostgreSQL started from an empty data directory: Flyway's V1, Camunda's
 * engine, webapps and REST, and the schema's tenant isolation.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JourneyEngineApplicationTest {

    /** Empty at start; under target/ so {@code mvn clean} removes it (the context outlives the test class). */
    private static final Path DATA_DIR = TestDataDirectories.create("app-");

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("upskill.journey.data-dir", DATA_DIR::toString);
    }

    @Autowired JdbcClient jdbc;
    @Autowired EmbeddedPostgres postgres;
    @Autowired RepositoryService repositoryService;
    @Autowired RuntimeService runtimeService;
    @Autowired TaskService taskService;
    @Autowired HistoryService historyService;
    @LocalServerPort int port;

    @Test
    void runsTheEmbeddedClusterInTheConfiguredDataDirectory() throws Exception {
        assertThat(DATA_DIR.resolve("PG_VERSION")).isRegularFile();
        assertThat(Files.readString(DATA_DIR.resolve("PG_VERSION")).strip()).isEqualTo("17");
        String url = jdbc.sql("SELECT current_setting('data_directory')").query(String.class).single();
        assertThat(Path.of(url).toRealPath()).isEqualTo(DATA_DIR.toRealPath());
        assertThat(postgres.getPort()).isPositive();
    }

    @Test
    void flywayAppliedTheMigrationsInTheCompanySchemaAndCamundaOwnsPublic() {
        List<String> applied = jdbc.sql("""
                SELECT version || ':' || success FROM company.flyway_schema_history
                WHERE version IS NOT NULL ORDER BY installed_rank""").query(String.class).list();
        assertThat(applied).containsExactly("1:true", "2:true", "3:true", "4:true", "5:true");

        List<String> companyTables = jdbc.sql("""
                SELECT table_name FROM information_schema.tables
                WHERE table_schema = 'company' AND table_name <> 'flyway_schema_history'""")
                .query(String.class).list();
        assertThat(companyTables).containsExactlyInAnyOrder(
                "tenant", "proficiency_level", "competency_framework", "competency", "role",
                "role_competency_requirement", "team", "team_competency_requirement", "employee", "employee_competency",
                "employee_competency_history", "feedback", "feedback_competency", "course", "course_competency",
                "assessment_session", "assessment_question", "assessment_answer", "assessment_competency_score",
                "learning_path", "learning_path_item", "learning_event", "assignment_outcome", "audit_log",
                "journey_gap", "question_bank");

        Long camundaTables = jdbc.sql("""
                SELECT count(*) FROM information_schema.tables
                WHERE table_schema = 'public' AND table_name LIKE 'act\\_%'""").query(Long.class).single();
        assertThat(camundaTables).isGreaterThan(40);
        Long camundaTablesInCompany = jdbc.sql("""
                SELECT count(*) FROM information_schema.tables
                WHERE table_schema = 'company' AND table_name LIKE 'act\\_%'""").query(Long.class).single();
        assertThat(camundaTablesInCompany).isZero();
    }

    @Test
    void camundaDeploysAndRunsAProcess() {
        BpmnModelInstance model = Bpmn.createExecutableProcess("smoke")
                .camundaHistoryTimeToLive(1)
                .startEvent()
                .userTask("review")
                .endEvent()
                .done();
        repositoryService.createDeployment().name("smoke").addModelInstance("smoke.bpmn", model).deploy();

        ProcessInstance instance = runtimeService.startProcessInstanceByKey("smoke", "employee-1");
        Task task = taskService.createTaskQuery().processInstanceId(instance.getId()).singleResult();
        assertThat(task.getTaskDefinitionKey()).isEqualTo("review");
        taskService.complete(task.getId());

        assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(instance.getId()).count()).isZero();
        assertThat(historyService.createHistoricProcessInstanceQuery()
                .processInstanceId(instance.getId())
                .finished()
                .singleResult()
                .getBusinessKey())
                .isEqualTo("employee-1");
    }

    @Test
    void servesTheWebappsAndTheRestApi() throws Exception {
        try (HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()) {
            URI rest = URI.create("http://127.0.0.1:" + port + "/engine-rest/process-definition/count");
            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(rest).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            // The administrator from upskill.journey.admin-user / admin-password (set for the tests).
            String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(
                    "admin:test-admin-password".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            HttpResponse<String> count = http.send(
                    HttpRequest.newBuilder(rest).header("Authorization", basic).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(count.statusCode()).isEqualTo(200);
            assertThat(count.body()).contains("\"count\":");

            HttpResponse<String> engines = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/engine-rest/engine"))
                            .header("Authorization", basic).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(engines.statusCode()).isEqualTo(200);
            assertThat(engines.body()).contains("\"name\":\"default\"");

            HttpResponse<String> welcome = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/camunda/app/welcome/default/"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(welcome.statusCode()).isEqualTo(200);
            assertThat(welcome.body()).containsIgnoringCase("camunda");
        }
    }

    @Test
    void rowsCannotReferenceAnotherTenantsRows() {
        jdbc.sql("INSERT INTO company.tenant (id, name) VALUES ('iso-a', 'A'), ('iso-b', 'B')").update();
        jdbc.sql("INSERT INTO company.team (tenant_id, id, name) VALUES ('iso-b', 'platform', 'Platform')").update();

        assertThatThrownBy(() -> jdbc.sql("""
                INSERT INTO company.employee (tenant_id, id, display_name, team_id)
                VALUES ('iso-a', 'e1', 'Ann', 'platform')""").update())
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("employee_tenant_id_team_id_fkey");

        // The same team id in the employee's own tenant is fine.
        jdbc.sql("INSERT INTO company.team (tenant_id, id, name) VALUES ('iso-a', 'platform', 'Platform A')").update();
        jdbc.sql("""
                INSERT INTO company.employee (tenant_id, id, display_name, team_id)
                VALUES ('iso-a', 'e1', 'Ann', 'platform')""").update();
        assertThat(jdbc.sql("SELECT count(*) FROM company.employee WHERE tenant_id = 'iso-b'")
                .query(Long.class).single()).isZero();
    }

    @Test
    void checkConstraintsRejectValuesOutsideTheEnumsAndRanges() {
        jdbc.sql("INSERT INTO company.tenant (id, name) VALUES ('chk', 'Checks')").update();
        jdbc.sql("INSERT INTO company.employee (tenant_id, id) VALUES ('chk', 'e1')").update();

        assertThatThrownBy(() -> jdbc.sql("""
                INSERT INTO company.feedback (tenant_id, employee_id, source, rating)
                VALUES ('chk', 'e1', 'GOSSIP', 3)""").update())
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("feedback_source_check");
        assertThatThrownBy(() -> jdbc.sql("""
                INSERT INTO company.feedback (tenant_id, employee_id, source, rating)
                VALUES ('chk', 'e1', 'PEER', 7)""").update())
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("feedback_rating_check");
        assertThatThrownBy(() -> jdbc.sql("""
                INSERT INTO company.assignment_outcome (tenant_id, employee_id, skill_match_score, success)
                VALUES ('chk', 'e1', 1.5, true)""").update())
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("assignment_outcome_skill_match_score_check");

        jdbc.sql("""
                INSERT INTO company.feedback (tenant_id, employee_id, source, rating, text)
                VALUES ('chk', 'e1', '360', 4.5, 'Clear written specs')""").update();
    }

}
