package dev.upskill.journey.steps;

import static dev.upskill.journey.ImportStreams.call;
import static dev.upskill.journey.steps.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.upskill.journey.JourneyStubs;
import dev.upskill.journey.TestDataDirectories;
import dev.upskill.journey.TestInferenceServer;
import dev.upskill.proto.v1.GetJourneyRequest;
import dev.upskill.proto.v1.GetJourneyResponse;
import dev.upskill.proto.v1.StartJourneyRequest;
import dev.upskill.proto.v1.StepStatus;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One journey from start to completion with nothing played: every step is the engine's own worker, every inference
 * call goes to a real inference server (this JVM, loopback), every user task is completed through the REST API
 * Tasklist uses, as the employee or the manager. The employee knows nothing at the first assessment, learns, and
 * answers the re-assessment from the question bank's own answers: the gaps close and the journey ends GAPS_CLOSED.
 */
@Import(JourneyStubs.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WholeJourneyTest {

    private static final Path DATA_DIR = TestDataDirectories.create("whole-");
    private static final String T = "whole";
    private static final String PASSWORD = "test-password"; // upskill.journey.initial-password in the tests
    private static TestInferenceServer inferenceServer;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        inferenceServer = TestInferenceServer.start(DATA_DIR);
        inferenceServer.engineProperties(registry, DATA_DIR);
        registry.add("upskill.journey.max-cycles", () -> "2");
    }

    @Autowired JourneyStubs stubs;
    @Autowired JdbcClient jdbc;
    @Autowired TaskService tasks;
    @Autowired RuntimeService runtime;
    @Autowired ObjectMapper json;
    @LocalServerPort int port;

    private HttpClient http;

    @BeforeAll
    void openHttpClient() {
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    void close() {
        http.close();
        inferenceServer.close();
    }

    private Task awaitTask(String key) {
        return Awaits.userTask(tasks, T, key);
    }

    /** Completes a task over /engine-rest as the logged-in user, with the variables its form submits. */
    private void completeAs(Task task, String employee, Map<String, Object> variables) throws Exception {
        String body = json.writeValueAsString(Map.of("variables", variables));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/engine-rest/task/" + task.getId() + "/complete"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (T + "~" + employee + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    /** The assessment form's answers as Tasklist submits them: one Json object, {@code answers}. */
    private Map<String, Object> answers(Map<String, String> fields) throws Exception {
        return Map.of("answers", Map.of("type", "Json", "value", json.writeValueAsString(fields)));
    }

    /** The right answer to every question of the latest session, from the bank's own key. */
    private Map<String, String> rightAnswers() {
        Map<String, String> fields = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT q.position, q.type, q.correct_option, q.reference_answers[1]
                FROM company.assessment_question q
                WHERE q.tenant_id = ? AND q.session_id = (SELECT max(id) FROM company.assessment_session
                                                          WHERE tenant_id = ? AND employee_id = 'ann')""")
                .param(T).param(T)
                .query((rs, n) -> rs.getString(2).equals("MULTIPLE_CHOICE")
                        ? fields.put("choice" + rs.getInt(1), Integer.toString(rs.getInt(3)))
                        : fields.put("answer" + rs.getInt(1), rs.getString(4)))
                .list();
        return fields;
    }

    private GetJourneyResponse journey() {
        return stubs.blocking().getJourney(GetJourneyRequest.newBuilder().setTenantId(T).setEmployeeId("ann").build());
    }

    private Integer level() {
        return jdbc.sql("""
                SELECT level FROM company.employee_competency WHERE tenant_id = ? AND employee_id = 'ann'
                AND competency_id = 'sql'""").param(T).query(Integer.class).optional().orElse(null);
    }

    @Test
    void aJourneyRunsFromStartToCompletionOnTheEnginesOwnWorkers() throws Exception {
        AnalystCompany.importInto(stubs.channel(), jdbc, T);
        stubs.blocking().startJourney(StartJourneyRequest.newBuilder().setTenantId(T).setEmployeeId("ann").build());

        // Assessment: questions from the starter bank; Ann answers nothing, so SQL has no level.
        Task assessment = awaitTask("take-assessment");
        assertThat(jdbc.sql("SELECT count(*) FROM company.assessment_question WHERE tenant_id = ?").param(T)
                .query(Long.class).single()).isPositive();
        completeAs(assessment, "ann", answers(Map.of()));

        // Gap analysis (SQL 0 → 3, HIGH) and the proposal; the manager approves it as it is.
        Task review = awaitTask("review-learning-path");
        assertThat(level()).isNull();
        assertThat(jdbc.sql("SELECT priority FROM company.journey_gap WHERE tenant_id = ?").param(T)
                .query(String.class).list()).containsExactly("HIGH");
        completeAs(review, "max", Map.of());

        // Ann completes every course from her learning task.
        Task learn = awaitTask("work-on-learning-path");
        String courses = String.join(",", jdbc.sql("""
                SELECT i.course_id FROM company.learning_path_item i JOIN company.learning_path p ON p.id = i.path_id
                WHERE p.tenant_id = ? AND p.status = 'APPROVED'""").param(T).query(String.class).list());
        assertThat(courses).isNotEmpty();
        completeAs(learn, "ann", Map.of("completedCourseIds", Map.of("value", courses, "type", "String")));

        // Re-assessment: she answers everything right; SQL reaches its required level.
        Task reassessment = awaitTask("take-assessment");
        completeAs(reassessment, "ann", answers(rightAnswers()));
        await("the journey's end", () -> journey().getFinished());
        assertThat(level()).isEqualTo(3);

        GetJourneyResponse finished = journey();
        assertThat(finished.getCompletionPercent()).isEqualTo(100);
        assertThat(finished.getStepsList()).filteredOn(s -> s.getStatus() == StepStatus.STEP_STATUS_DONE)
                .hasSize(7);
        assertThat(jdbc.sql("""
                SELECT details->>'outcome' FROM company.audit_log WHERE tenant_id = ? AND action = 'COMPLETE_JOURNEY'""")
                .param(T).query(String.class).single()).isEqualTo("GAPS_CLOSED");
        assertThat(runtime.createIncidentQuery().tenantIdIn(T).count()).isZero();

        // Every step was timed; the proposal's time over its RecommendForGaps call is served at /metrics.
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics)
                .contains("upskill_journey_step_seconds_count{outcome=\"completed\",topic=\"load-profile\"}")
                .contains("upskill_journey_step_inference_seconds_count{topic=\"propose-learning-path\"}")
                .contains("upskill_journey_step_overhead_seconds{topic=\"propose-learning-path\",quantile=\"0.5\"}");
    }
}
