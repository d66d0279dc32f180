package dev.upskill.journey.steps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upskill.journey.JourneyStubs;
import dev.upskill.journey.TestDataDirectories;
import dev.upskill.journey.TestInferenceServer;
import dev.upskill.journey.identity.CamundaIds;
import dev.upskill.proto.v1.StartJourneyRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
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
 * The assessment and the learning-path review in the real Tasklist, in headless Chromium, on the engine's own workers
 * and a real inference server (this JVM, loopback). Each step runs {@code src/test/browser/tasklist.mjs}
 * (Playwright): the user logs in on the login page, picks a filter, opens the task from the list, claims it if it is
 * a team task, fills its Camunda Form and clicks Complete. The employee answers her assessment (an option of every
 * multiple-choice question, free text typed), the manager corrects the free-text grade (HR's grading-review table is
 * edited so every grade goes to him), then removes a course from the proposed learning path and approves it; the
 * engine shows the answers stored and scored, the path approved by the manager, and the browser the task lists
 * changing. Screenshots of every step go to {@code target/browser-artifacts/}.
 *
 * <p>Needs Chromium ({@code UPSKILL_CHROMIUM}, default {@code /usr/bin/chromium}) and Node.js with npm; the test runs
 * {@code npm ci} in {@code src/test/browser} when its {@code node_modules} do not hold the locked playwright-core.
 * Without them the test is skipped, and fails under {@code CI=true}.
 */
@Import(JourneyStubs.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TasklistBrowserTest {

    private static final Path DATA_DIR = TestDataDirectories.create("tasklist-browser-");
    private static final Path BROWSER_DIR = Path.of("src/test/browser").toAbsolutePath();
    private static final Path ARTIFACTS = Path.of("target/browser-artifacts").toAbsolutePath();
    private static final String T = "tlb";
    private static final String PASSWORD = "test-password"; // upskill.journey.initial-password in the tests
    private static final String ANSWER = "WHERE filters the individual rows before they are grouped, so it cannot use"
            + " aggregate functions. HAVING filters the groups after the aggregation.";
    private static final String COMMENT = "Joins first; window functions next quarter.";
    private static TestInferenceServer inferenceServer;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        inferenceServer = TestInferenceServer.start(DATA_DIR);
        inferenceServer.engineProperties(registry, DATA_DIR);
    }

    @Autowired JourneyStubs stubs;
    @Autowired JdbcClient jdbc;
    @Autowired TaskService tasks;
    @Autowired RuntimeService runtime;
    @Autowired RepositoryService repository;
    @Autowired ObjectMapper json;
    @LocalServerPort int port;

    @BeforeAll
    void setUp() {
        AnalystCompany.importInto(stubs.channel(), jdbc, T);
    }

    @AfterAll
    void tearDown() throws InterruptedException {
        inferenceServer.close();
    }

    // ---- the browser ----

    private static String chromium() {
        String configured = System.getenv("UPSKILL_CHROMIUM");
        return configured != null && !configured.isBlank() ? configured : "/usr/bin/chromium";
    }

    /** Skips the test (fails it under CI=true) with the reason. */
    private static void unavailable(String reason) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail("TasklistBrowserTest must run in CI: " + reason);
        }
        System.out.println("TasklistBrowserTest skipped: " + reason);
        Assumptions.abort("TasklistBrowserTest skipped: " + reason);
    }

    /**
     * The output of a command, or null when it cannot run, fails, or outlives the timeout (then it and its children,
     * e.g. Chromium, are killed).
     */
    private static String run(Path directory, Duration timeout, String... command) {
        Path output = null;
        try {
            output = Files.createTempFile("upskill-browser-", ".log");
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                System.out.println(String.join(" ", command) + " timed out after " + timeout + ":\n"
                        + Files.readString(output));
                return null;
            }
            String text = Files.readString(output);
            if (process.exitValue() != 0) {
                System.out.println(String.join(" ", command) + " failed (exit " + process.exitValue() + "):\n" + text);
                return null;
            }
            return text;
        } catch (IOException e) {
            System.out.println(String.join(" ", command) + " could not run: " + e);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // a temporary file left behind
                }
            }
        }
    }

    /** Chromium, Node.js and the locked playwright-core (npm ci when node_modules lacks it), or skip / fail. */
    private void requireBrowser() throws IOException {
        if (!Files.isExecutable(Path.of(chromium()))) {
            unavailable("no Chromium at " + chromium() + " (apt-get install chromium, or set UPSKILL_CHROMIUM)");
        }
        if (run(BROWSER_DIR, Duration.ofSeconds(30), "node", "--version") == null) {
            unavailable("no Node.js (node) on the PATH");
        }
        String locked = json.readTree(BROWSER_DIR.resolve("package-lock.json").toFile())
                .at("/packages/node_modules~1playwright-core/version").asText();
        Path installed = BROWSER_DIR.resolve("node_modules/playwright-core/package.json");
        if (!Files.exists(installed) || !json.readTree(installed.toFile()).path("version").asText().equals(locked)) {
            System.out.println("npm ci in " + BROWSER_DIR + " (playwright-core " + locked + ")");
            if (run(BROWSER_DIR, Duration.ofMinutes(3), "npm", "ci", "--no-audit", "--no-fund") == null) {
                unavailable("npm ci in " + BROWSER_DIR + " failed (no npm, or no registry)");
            }
        }
    }

    private static void cleanArtifacts() throws IOException {
        if (Files.exists(ARTIFACTS)) {
            try (Stream<Path> files = Files.walk(ARTIFACTS)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        Files.createDirectories(ARTIFACTS);
    }

    /** One user's step in Tasklist (tasklist.mjs); its report. Fails with the script's report if the step failed. */
    private JsonNode browse(String name, String employee, String filter, String task, boolean claim,
            List<Map<String, String>> fields) throws Exception {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("name", name);
        step.put("chromium", chromium());
        step.put("base", "http://127.0.0.1:" + port);
        step.put("user", CamundaIds.user(T, employee));
        step.put("password", PASSWORD);
        step.put("filter", filter);
        step.put("task", task);
        step.put("claim", claim);
        step.put("fields", fields);
        step.put("artifacts", ARTIFACTS.toString());
        long started = System.nanoTime();
        String output = run(BROWSER_DIR, Duration.ofSeconds(120), "node", "tasklist.mjs", json.writeValueAsString(step));
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        System.out.println("tasklist.mjs " + name + " as " + employee + ": " + millis + " ms");
        assertThat(output).as("tasklist.mjs " + name + " failed or timed out; see " + ARTIFACTS
                + "; the engine's open tasks: " + openTasks()).isNotNull();
        JsonNode report = json.readTree(output.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no report from tasklist.mjs: " + output)));
        assertThat(report.path("errors")).as("errors on the page").isEmpty();
        return report;
    }

    /** The tenant's open tasks with their assignees and candidate groups, for a failure message. */
    private String openTasks() {
        StringBuilder open = new StringBuilder();
        for (Task task : tasks.createTaskQuery().tenantIdIn(T).list()) {
            open.append(task.getName()).append(" (assignee ").append(task.getAssignee()).append(", candidates");
            tasks.getIdentityLinksForTask(task.getId()).forEach(link -> open.append(' ').append(link.getGroupId()));
            open.append("); ");
        }
        return open.toString();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(t -> texts.add(t.asText()));
        return texts;
    }

    // ---- the engine ----

    private Task awaitTask(String key) {
        return Awaits.userTask(tasks, T, key);
    }

    private List<String> pathItems(String status) {
        return jdbc.sql("""
                SELECT i.course_id FROM company.learning_path_item i JOIN company.learning_path p ON p.id = i.path_id
                WHERE p.tenant_id = ? AND p.status = ? ORDER BY i.position""").param(T).param(status)
                .query(String.class).list();
    }

    @Test
    void theEmployeeAnswersHerAssessmentAndTheManagerApprovesHerLearningPathInTasklist() throws Exception {
        requireBrowser();
        cleanArtifacts();
        System.out.println("TasklistBrowserTest screenshots: " + ARTIFACTS);
        AssessmentStageTest.deployReviewThreshold(repository, "1.01"); // HR: every free-text grade to the manager
        try {
            stubs.blocking()
                    .startJourney(StartJourneyRequest.newBuilder().setTenantId(T).setEmployeeId("ann").build());

            // Ann: a wrong option for every multiple-choice question (so a gap stays), free text typed.
            Task take = awaitTask("take-assessment");
            JsonNode questions = json.readTree(tasks.getVariable(take.getId(), "questions").toString());
            Map<Integer, Integer> correct = new LinkedHashMap<>();
            jdbc.sql("""
                    SELECT position, correct_option FROM company.assessment_question
                    WHERE tenant_id = ? AND type = 'MULTIPLE_CHOICE'""").param(T)
                    .query((rs, n) -> correct.put(rs.getInt(1), rs.getInt(2))).list();
            List<Map<String, String>> answers = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            for (JsonNode q : questions) {
                int position = q.get("position").asInt();
                if (q.get("type").asText().equals("MULTIPLE_CHOICE")) {
                    String wrong = q.get("choices").get(correct.get(position) == 0 ? 1 : 0).get("label").asText();
                    answers.add(Map.of("id", "q" + position + "-choice", "choose", wrong));
                    expected.add(position + ":" + wrong + ":0.0000");
                } else {
                    answers.add(Map.of("id", "q" + position + "-answer", "type", ANSWER));
                    expected.add(position + ":" + ANSWER + ":PENDING");
                }
            }
            assertThat(correct).isNotEmpty();
            assertThat(answers).hasSizeGreaterThan(correct.size()); // both types
            JsonNode taken = browse("1-employee-assessment", "ann", "My tasks", "Take the assessment", false, answers);
            for (JsonNode q : questions) {
                assertThat(taken.get("form").asText()).contains(q.get("text").asText());
            }
            assertThat(texts(taken.get("before"))).contains("Take the assessment");
            assertThat(texts(taken.get("after"))).doesNotContain("Take the assessment");

            // The workers store and score the answers; the free-text grade waits for the manager.
            Task grades = awaitTask("review-grades");
            long session = jdbc.sql("SELECT id FROM company.assessment_session WHERE tenant_id = ?").param(T)
                    .query(Long.class).single();
            assertThat(jdbc.sql("""
                    SELECT q.position || ':' || a.answer || ':' || coalesce(a.score::text, a.review_status)
                    FROM company.assessment_answer a JOIN company.assessment_question q ON q.id = a.question_id
                    WHERE q.session_id = ? ORDER BY q.position""").param(session).query(String.class).list())
                    .containsExactlyElementsOf(expected);
            assertThat(grades.getAssignee()).isNull();

            // Max claims the team task and corrects the grade to 50 %.
            JsonNode reviewed = browse("2-manager-grades", "max", "My team's tasks", "Review free-text grades", true,
                    List.of(Map.of("id", "g1-decision", "choose", "Correct the score"),
                            Map.of("id", "g1-score", "type", "50")));
            assertThat(reviewed.get("form").asText()).contains("Grader's score").contains(ANSWER);
            assertThat(texts(reviewed.get("after"))).doesNotContain("Review free-text grades");

            // Levels, gaps and the proposal, all by the workers.
            awaitTask("review-learning-path");
            assertThat(jdbc.sql("""
                    SELECT a.review_status || ':' || a.score FROM company.assessment_answer a
                    JOIN company.assessment_question q ON q.id = a.question_id
                    WHERE q.session_id = ? AND q.type = 'FREE_TEXT'""").param(session).query(String.class).list())
                    .containsOnly("CORRECTED:0.5000");
            assertThat(jdbc.sql("SELECT status FROM company.assessment_session WHERE id = ?").param(session)
                    .query(String.class).single()).isEqualTo("GRADED");
            assertThat(jdbc.sql("SELECT competency_id FROM company.journey_gap WHERE tenant_id = ?").param(T)
                    .query(String.class).list()).containsExactly("sql");
            assertThat(pathItems("PROPOSED")).containsExactlyInAnyOrder("sql-joins", "sql-window");

            // Max removes the window-functions course and approves.
            JsonNode approved = browse("3-manager-learning-path", "max", "My team's tasks", "Review the learning path",
                    true, List.of(Map.of("label", "Remove courses", "type", "sql-window"),
                            Map.of("label", "Comment", "type", COMMENT)));
            assertThat(approved.get("form").asText()).contains("Learning path proposed for Ann Analyst")
                    .contains("SQL joins and subqueries").contains("Advanced SQL: window functions")
                    .contains("(sql-joins, not started)").contains("(sql-window, not started)"); // ids to copy as shown
            assertThat(texts(approved.get("before"))).contains("Review the learning path");
            assertThat(texts(approved.get("after"))).doesNotContain("Review the learning path");

            awaitTask("work-on-learning-path");
            assertThat(pathItems("APPROVED")).containsExactly("sql-joins");
            assertThat(jdbc.sql("SELECT approved_by FROM company.learning_path WHERE tenant_id = ? AND status = ?")
                    .param(T).param("APPROVED").query(String.class).single()).isEqualTo(CamundaIds.user(T, "max"));
            assertThat(jdbc.sql("""
                    SELECT details->>'comment' FROM company.audit_log
                    WHERE tenant_id = ? AND action = 'APPROVE_LEARNING_PATH'""").param(T).query(String.class)
                    .single()).isEqualTo(COMMENT);

            // Ann's list now holds her learning task instead of the assessment.
            JsonNode list = browse("4-employee-learning", "ann", "My tasks", "Work on your learning path", false, null);
            assertThat(texts(list.get("before"))).contains("Work on your learning path")
                    .doesNotContain("Take the assessment");
            assertThat(runtime.createIncidentQuery().tenantIdIn(T).count()).isZero();
        } finally {
            AssessmentStageTest.deployReviewThreshold(repository, "0.5");
        }
    }
}
