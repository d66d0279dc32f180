package dev.upskill.journey.steps;

import static dev.upskill.journey.ImportStreams.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upskill.journey.TestDataDirectories;
import dev.upskill.journey.api.JourneyGrpcServer;
import dev.upskill.journey.identity.CamundaIds;
import dev.upskill.journey.TestInferenceServer;
import dev.upskill.proto.v1.CompetencyRequirement;
import dev.upskill.proto.v1.Employee;
import dev.upskill.proto.v1.Framework;
import dev.upskill.proto.v1.FrameworkCompetency;
import dev.upskill.proto.v1.ImportEmployeesRequest;
import dev.upskill.proto.v1.ImportFrameworkRequest;
import dev.upskill.proto.v1.ImportRolesRequest;
import dev.upskill.proto.v1.ImportTeamsRequest;
import dev.upskill.proto.v1.Importance;
import dev.upskill.proto.v1.JourneyServiceGrpc;
import dev.upskill.proto.v1.ProficiencyLevel;
import dev.upskill.proto.v1.Role;
import dev.upskill.proto.v1.StartJourneyRequest;
import dev.upskill.proto.v1.Team;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The two assessment forms in the real Tasklist, in headless Chromium (src/test/browser/forms-check.mjs, Playwright):
 * the employee sees every question of the Json list rendered (multiple-choice options from each item, a text box for
 * free text), answers and completes; the answers arrive in the engine and are scored. The manager sees each grade to
 * review with its evidence, corrects one and accepts the other; the decisions arrive. Skipped unless Chromium
 * ({@code UPSKILL_CHROMIUM} or /usr/bin/chromium) and the script's node_modules ({@code npm ci} in src/test/browser)
 * are there.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AssessmentFormsBrowserTest {

    private static final Path DATA_DIR = TestDataDirectories.create("assessment-forms-");
    private static final Path BROWSER_DIR = Path.of("src/test/browser").toAbsolutePath();
    private static final String T = "asf";
    private static final String PASSWORD = "test-password"; // upskill.journey.initial-password in the tests
    private static TestInferenceServer inferenceServer;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        inferenceServer = TestInferenceServer.start(DATA_DIR);
        inferenceServer.engineProperties(registry, DATA_DIR);
        registry.add("upskill.journey.workers.enabled", () -> "false");
    }

    @Autowired JourneyGrpcServer server;
    @Autowired JdbcClient jdbc;
    @Autowired ExternalTaskWorkers workers;
    @Autowired ExternalTaskService externalTasks;
    @Autowired TaskService tasks;
    @Autowired RepositoryService repository;
    @Autowired ObjectMapper json;
    @LocalServerPort int port;

    private ManagedChannel channel;

    private static String chromium() {
        String configured = System.getenv("UPSKILL_CHROMIUM");
        return configured != null ? configured : "/usr/bin/chromium";
    }

    @BeforeAll
    void setUp() {
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
        JourneyServiceGrpc.JourneyServiceStub async = JourneyServiceGrpc.newStub(channel);
        call(async::importFramework, ImportFrameworkRequest.newBuilder().setTenantId(T)
                .setFramework(Framework.newBuilder().setId("fw").setName("Data"))
                .addScale(ProficiencyLevel.newBuilder().setLevel(1).setName("basic"))
                .addScale(ProficiencyLevel.newBuilder().setLevel(2).setName("good"))
                .addScale(ProficiencyLevel.newBuilder().setLevel(3).setName("strong"))
                .addCompetencies(FrameworkCompetency.newBuilder().setId("sql").setName("SQL"))
                .addCompetencies(FrameworkCompetency.newBuilder().setId("da").setName("Data analysis"))
                .build());
        call(async::importRoles, ImportRolesRequest.newBuilder().setTenantId(T)
                .addRoles(Role.newBuilder().setId("analyst").setName("Analyst")
                        .addRequirements(CompetencyRequirement.newBuilder().setCompetencyId("sql").setRequiredLevel(2)
                                .setImportance(Importance.IMPORTANCE_ESSENTIAL))
                        .addRequirements(CompetencyRequirement.newBuilder().setCompetencyId("da").setRequiredLevel(3)
                                .setImportance(Importance.IMPORTANCE_ESSENTIAL)))
                .build());
        call(async::importTeams, ImportTeamsRequest.newBuilder().setTenantId(T)
                .addTeams(Team.newBuilder().setId("t-1").setName("Data")).build());
        call(async::importEmployees, ImportEmployeesRequest.newBuilder().setTenantId(T)
                .addEmployees(Employee.newBuilder().setId("max").setDisplayName("Max Manager").setTeamId("t-1"))
                .addEmployees(Employee.newBuilder().setId("eve").setDisplayName("Eve Analyst").setRoleId("analyst")
                        .setTeamId("t-1").setManagerId("max"))
                .build());
        call(async::importTeams, ImportTeamsRequest.newBuilder().setTenantId(T)
                .addTeams(Team.newBuilder().setId("t-1").setName("Data").setManagerId("max")).build());
    }

    @AfterAll
    void tearDown() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        inferenceServer.stop();
    }

    private void deliver(String topic) {
        List<LockedExternalTask> locked = externalTasks.fetchAndLock(5, workers.workerId()).topic(topic, 120_000)
                .tenantIdIn(T).execute();
        assertThat(locked).as(topic).hasSize(1);
        workers.run(locked.getFirst());
    }

    private Task userTask(String key) {
        return tasks.createTaskQuery().tenantIdIn(T).taskDefinitionKey(key).singleResult();
    }

    /** Runs the browser script on the task as the user; its report. */
    private JsonNode browse(Task task, String user, String mode) throws Exception {
        Path screenshot = DATA_DIR.resolve(mode + ".png");
        Process process = new ProcessBuilder("node", BROWSER_DIR.resolve("forms-check.mjs").toString(), chromium(),
                "http://127.0.0.1:" + port, task.getId(), user, PASSWORD, mode, screenshot.toString())
                .directory(BROWSER_DIR.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        System.out.println("forms-check " + mode + " (screenshot " + screenshot + "): " + output);
        return json.readTree(output.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow());
    }

    @Test
    void theEmployeeAnswersInTasklistAndTheManagerReviewsTheGrades() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(chromium())), "no Chromium at " + chromium());
        Assumptions.assumeTrue(Files.isDirectory(BROWSER_DIR.resolve("node_modules/playwright-core")),
                "run npm ci in src/test/browser");
        AssessmentStageTest.deployReviewThreshold(repository, "1.01"); // every free-text grade goes to the manager
        try {
            JourneyServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS)
                    .startJourney(StartJourneyRequest.newBuilder().setTenantId(T).setEmployeeId("eve").build());
            deliver("load-profile");
            deliver("prepare-assessment");
            Task take = userTask("take-assessment");
            JsonNode questions = json.readTree(tasks.getVariable(take.getId(), "questions").toString());
            int choices = 0;
            int freeText = 0;
            for (JsonNode q : questions) {
                choices += q.get("choices").size();
                freeText += q.get("type").asText().equals("FREE_TEXT") ? 1 : 0;
            }

            JsonNode taken = browse(take, CamundaIds.user(T, "eve"), "take");
            for (JsonNode q : questions) {
                assertThat(taken.get("text").asText()).contains(q.get("text").asText());
                for (JsonNode choice : q.get("choices")) {
                    assertThat(taken.get("text").asText()).contains(choice.get("label").asText());
                }
            }
            assertThat(taken.get("radios").asInt()).isEqualTo(choices);
            assertThat(taken.get("textareas").asInt()).isEqualTo(freeText);
            assertThat(userTask("take-assessment")).isNull();

            deliver("score-assessment");
            long session = jdbc.sql("SELECT id FROM company.assessment_session WHERE tenant_id = ?").param(T)
                    .query(Long.class).single();
            List<String> answers = jdbc.sql("""
                    SELECT q.type || '=' || a.answer FROM company.assessment_answer a
                    JOIN company.assessment_question q ON q.id = a.question_id
                    WHERE q.session_id = ? ORDER BY q.position""").param(session).query(String.class).list();
            List<String> expected = new ArrayList<>();
            for (JsonNode q : questions) {
                expected.add(q.get("type").asText() + "=" + (q.get("type").asText().equals("FREE_TEXT")
                        ? "WHERE filters the rows before they are grouped; HAVING filters the groups after the"
                                + " aggregation."
                        : q.get("choices").get(0).get("label").asText()));
            }
            assertThat(answers).containsExactlyElementsOf(expected); // each answer reached its own question

            Task review = userTask("review-grades");
            assertThat(review).isNotNull();
            tasks.setAssignee(review.getId(), CamundaIds.user(T, "max"));
            JsonNode reviewed = browse(review, CamundaIds.user(T, "max"), "review");
            assertThat(reviewed.get("text").asText()).contains("Key points made").contains("Grader's score")
                    .contains("WHERE filters the rows before they are grouped");
            assertThat(reviewed.get("radioGroups").asInt()).isEqualTo(freeText);
            assertThat(reviewed.get("numbersAfterCorrect").asInt()).isOne();

            deliver("apply-grade-review");
            assertThat(jdbc.sql("""
                    SELECT a.review_status || ':' || a.score FROM company.assessment_answer a
                    JOIN company.assessment_question q ON q.id = a.question_id
                    WHERE q.session_id = ? AND q.type = 'FREE_TEXT' ORDER BY q.position""").param(session)
                    .query(String.class).list().getFirst()).isEqualTo("CORRECTED:0.5000");
            assertThat(jdbc.sql("SELECT status FROM company.assessment_session WHERE id = ?").param(session)
                    .query(String.class).single()).isEqualTo("GRADED");
        } finally {
            AssessmentStageTest.deployReviewThreshold(repository, "0.5");
        }
    }
}
