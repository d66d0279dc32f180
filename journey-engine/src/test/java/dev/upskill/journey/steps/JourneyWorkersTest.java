package dev.upskill.journey.steps;

import static dev.upskill.journey.ImportStreams.call;
import static dev.upskill.journey.steps.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.upskill.journey.JourneyStubs;
import dev.upskill.journey.TestDataDirectories;
import dev.upskill.journey.TestInferenceServer;
import dev.upskill.proto.v1.CompetencyRequirement;
import dev.upskill.proto.v1.Course;
import dev.upskill.proto.v1.Employee;
import dev.upskill.proto.v1.FeedbackSource;
import dev.upskill.proto.v1.Framework;
import dev.upskill.proto.v1.FrameworkCompetency;
import dev.upskill.proto.v1.GetJourneyRequest;
import dev.upskill.proto.v1.GetJourneyResponse;
import dev.upskill.proto.v1.ImportCoursesRequest;
import dev.upskill.proto.v1.ImportEmployeesRequest;
import dev.upskill.proto.v1.ImportFrameworkRequest;
import dev.upskill.proto.v1.ImportRolesRequest;
import dev.upskill.proto.v1.ImportTeamsRequest;
import dev.upskill.proto.v1.Importance;
import dev.upskill.proto.v1.JourneyServiceGrpc;
import dev.upskill.proto.v1.ProficiencyLevel;
import dev.upskill.proto.v1.Role;
import dev.upskill.proto.v1.StartJourneyRequest;
import dev.upskill.proto.v1.SubmitFeedbackRequest;
import dev.upskill.proto.v1.Team;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
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
 * The journey run by the engine's own workers against a real inference server (in this JVM, loopback) on embedded
 * PostgreSQL: gap analysis through HR's decision table, a learning path proposed by RecommendForGaps and reviewed by
 * the manager, progress recorded by the employee, outcomes sent to RecordOutcome, completion; user tasks completed
 * through the REST API Tasklist uses. Then the failure paths: the inference server down mid-journey (retries, an
 * incident, the journey completing after it returns), a step delivered twice, and the reminder and escalation timers
 * (engine clock moved forward). The assessment stage's topics are excluded from the engine's workers and played by
 * the test, which sets the levels each scenario needs (AssessmentStageTest runs that stage for real).
 */
@Import(JourneyStubs.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JourneyWorkersTest {

    private static final Path DATA_DIR = TestDataDirectories.create("workers-");
    private static final String PASSWORD = "test-password"; // upskill.journey.initial-password in the tests
    private static final String TEST_WORKER = "test";
    private static final AtomicInteger TENANTS = new AtomicInteger();
    private static TestInferenceServer inferenceServer;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        inferenceServer = TestInferenceServer.start(DATA_DIR);
        registry.add("upskill.journey.data-dir", () -> DATA_DIR.resolve("postgres").toString());
        registry.add("upskill.journey.inference.addresses[0]", inferenceServer::address);
        registry.add("upskill.journey.inference.retry.max-attempts", () -> "1");
        registry.add("upskill.journey.catalog-sync.interval", () -> "1h");
        registry.add("upskill.journey.max-cycles", () -> "2");
        registry.add("upskill.journey.workers.retries", () -> "2");
        registry.add("upskill.journey.workers.initial-backoff", () -> "100ms");
        registry.add("upskill.journey.workers.poll-interval", () -> "200ms");
        // The assessment stage is AssessmentStageTest's; here the test plays it, setting the levels it wants.
        registry.add("upskill.journey.workers.excluded-topics", () -> "prepare-assessment,score-assessment");
    }

    @Autowired JourneyStubs stubs;
    @Autowired JdbcClient jdbc;
    @Autowired RuntimeService runtime;
    @Autowired TaskService tasks;
    @Autowired ExternalTaskService externalTasks;
    @Autowired HistoryService history;
    @Autowired ManagementService management;
    @Autowired ExternalTaskWorkers workers;
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

    @AfterEach
    void realClock() {
        ClockUtil.reset();
    }

    // ---- a company ----

    private String newCompany() {
        String tenant = "wk-" + TENANTS.incrementAndGet();
        JourneyServiceGrpc.JourneyServiceStub async = stubs.async();
        call(async::importFramework, ImportFrameworkRequest.newBuilder().setTenantId(tenant)
                .setFramework(Framework.newBuilder().setId("fw").setName("Data"))
                .addScale(ProficiencyLevel.newBuilder().setLevel(1).setName("beginner"))
                .addScale(ProficiencyLevel.newBuilder().setLevel(2).setName("intermediate"))
                .addScale(ProficiencyLevel.newBuilder().setLevel(3).setName("advanced"))
                .addScale(ProficiencyLevel.newBuilder().setLevel(4).setName("expert"))
                .addCompetencies(FrameworkCompetency.newBuilder().setId("sql").setName("SQL")
                        .setDescription("Writing SQL queries against relational databases"))
                .addCompetencies(FrameworkCompetency.newBuilder().setId("python").setName("Python programming")
                        .setDescription("Programming in the Python language"))
                .build());
        call(async::importRoles, ImportRolesRequest.newBuilder().setTenantId(tenant)
                .addRoles(Role.newBuilder().setId("analyst").setName("Data analyst")
                        .addRequirements(CompetencyRequirement.newBuilder().setCompetencyId("sql").setRequiredLevel(3)
                                .setImportance(Importance.IMPORTANCE_ESSENTIAL))
                        .addRequirements(CompetencyRequirement.newBuilder().setCompetencyId("python")
                                .setRequiredLevel(2).setImportance(Importance.IMPORTANCE_OPTIONAL)))
                .build());
        call(async::importTeams, ImportTeamsRequest.newBuilder().setTenantId(tenant)
                .addTeams(Team.newBuilder().setId("data").setName("Data")).build());
        call(async::importEmployees, ImportEmployeesRequest.newBuilder().setTenantId(tenant)
                .addEmployees(Employee.newBuilder().setId("ann").setDisplayName("Ann Analyst").setRoleId("analyst")
                        .setTeamId("data").setManagerId("max"))
                .addEmployees(Employee.newBuilder().setId("max").setDisplayName("Max Manager").setTeamId("data"))
                .addEmployees(Employee.newBuilder().setId("pat").setDisplayName("Pat Peer").setTeamId("data")
                        .setManagerId("max"))
                .build());
        call(async::importTeams, ImportTeamsRequest.newBuilder().setTenantId(tenant)
                .addTeams(Team.newBuilder().setId("data").setName("Data").setManagerId("max")).build());
        stubs.blocking().submitFeedback(SubmitFeedbackRequest.newBuilder().setTenantId(tenant).setEmployeeId("ann")
                .setAuthorId("max").setSource(FeedbackSource.FEEDBACK_SOURCE_MANAGER_REVIEW).setRating(2)
                .setText("Ann writes clear reports. She struggles with SQL joins and needs to improve her queries.")
                .build());
        call(async::importCourses, ImportCoursesRequest.newBuilder().setTenantId(tenant)
                .addCourses(course("sql-joins", "SQL joins and subqueries",
                        "Write SQL queries that join tables in a relational database"))
                .addCourses(course("sql-window", "Advanced SQL: window functions",
                        "Analytical SQL queries with window functions"))
                .addCourses(course("py-intro", "Python programming for beginners",
                        "Learn to program in Python: variables, loops, functions"))
                .addCourses(course("bread", "Baking bread at home", "Knead, proof and bake a loaf"))
                .build());
        await("the catalog sync", () -> jdbc.sql("""
                SELECT count(*) FROM company.course WHERE tenant_id = ? AND catalog_synced_at IS NOT NULL""")
                .param(tenant).query(Long.class).single() == 4);
        return tenant;
    }

    private static Course course(String id, String title, String description) {
        return Course.newBuilder().setId(id).setTitle(title).setDescription(description).setLanguage("en")
                .setUrl("https://learn.example/" + id).build();
    }

    private void setLevel(String tenant, String competency, int level) {
        jdbc.sql("""
                INSERT INTO company.employee_competency (tenant_id, employee_id, competency_id, level, source)
                VALUES (?, 'ann', ?, ?, 'ASSESSMENT')
                ON CONFLICT (tenant_id, employee_id, competency_id) DO UPDATE SET level = EXCLUDED.level""")
                .param(tenant).param(competency).param(level).update();
    }

    // ---- driving the journey ----

    private String startJourney(String tenant) {
        return stubs.blocking().startJourney(StartJourneyRequest.newBuilder().setTenantId(tenant).setEmployeeId("ann")
                .build()).getProcessInstanceId();
    }

    private GetJourneyResponse journey(String tenant) {
        return stubs.blocking().getJourney(
                GetJourneyRequest.newBuilder().setTenantId(tenant).setEmployeeId("ann").build());
    }

    private void awaitStage(String tenant, String stage) {
        await("stage " + stage, () -> journey(tenant).getCurrentStage().equals(stage));
    }

    /** Plays the worker of a topic this engine does not serve (upskill.journey.workers.excluded-topics). */
    private void play(String tenant, String topic) {
        assertThat(workers.topics()).doesNotContain(topic);
        await("an external task " + topic, () -> externalTasks.createExternalTaskQuery().tenantIdIn(tenant)
                .topicName(topic).count() == 1);
        List<LockedExternalTask> locked = externalTasks.fetchAndLock(1, TEST_WORKER).topic(topic, 60_000)
                .tenantIdIn(tenant).execute();
        externalTasks.complete(locked.getFirst().getId(), TEST_WORKER);
    }

    /** The assessment stage, with its result written as its worker will: the employee's levels. */
    private void assess(String tenant, int sqlLevel, int pythonLevel) {
        play(tenant, "prepare-assessment");
        Task take = awaitTask(tenant, "take-assessment");
        completeAs(take, tenant + "~ann", "{}");
        setLevel(tenant, "sql", sqlLevel);
        setLevel(tenant, "python", pythonLevel);
        play(tenant, "score-assessment");
    }

    private Task awaitTask(String tenant, String key) {
        return Awaits.userTask(tasks, tenant, key);
    }

    /** Completes a task as Tasklist does: over /engine-rest as the logged-in user, with the form's variables. */
    private void completeAs(Task task, String user, String variablesJson) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/engine-rest/task/" + task.getId() + "/complete"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"variables\": " + variablesJson + "}"))
                .build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String string(String name, String value) {
        return "\"" + name + "\": {\"value\": \"" + value + "\", \"type\": \"String\"}";
    }

    private Object variable(String processInstance, String name) {
        return history.createHistoricVariableInstanceQuery().processInstanceId(processInstance).variableName(name)
                .singleResult().getValue();
    }

    // ---- tests ----

    @Test
    void theWorkersRunAJourneyFromGapsToCompletion() {
        String tenant = newCompany();
        String journey = startJourney(tenant);
        awaitStage(tenant, "assessment");
        assertThat(variable(journey, "roleName")).isEqualTo("Data analyst");
        assess(tenant, 1, 1);

        // Gap analysis: SQL 1 → 3 essential is HIGH, Python 1 → 2 optional LOW (bpmn/gap-priority.dmn).
        Task review = awaitTask(tenant, "review-learning-path");
        assertThat(jdbc.sql("""
                SELECT competency_id || ':' || current_level || '->' || required_level || ':' || priority
                FROM company.journey_gap WHERE tenant_id = ? ORDER BY weight DESC""").param(tenant)
                .query(String.class).list()).containsExactly("sql:1->3:HIGH", "python:1->2:LOW");
        // The manager's feedback is evidence of the SQL gap, quoted.
        assertThat(jdbc.sql("""
                SELECT evidence::text FROM company.journey_gap WHERE tenant_id = ? AND competency_id = 'sql'""")
                .param(tenant).query(String.class).single())
                .contains("\"kind\": \"feedback\"", "She struggles with SQL joins and needs to improve her queries.",
                        "\"direction\": \"GAP\"");
        // The proposal: courses for the gaps, not the bread course; the form's summary lists them with links.
        List<String> proposed = jdbc.sql("""
                SELECT i.course_id FROM company.learning_path_item i JOIN company.learning_path p ON p.id = i.path_id
                WHERE p.tenant_id = ? AND p.status = 'PROPOSED' ORDER BY i.position""").param(tenant)
                .query(String.class).list();
        assertThat(proposed).isNotEmpty().doesNotContain("bread");
        String summary = (String) runtime.getVariable(review.getExecutionId(), "learningPathSummary");
        assertThat(summary).contains("https://learn.example/" + proposed.getFirst());

        // The manager adds a course that does not exist: the review comes back with the problem.
        completeAs(review, tenant + "~max", "{" + string("addCourseId", "no-such-course") + "}");
        Task again = awaitTask(tenant, "review-learning-path");
        assertThat(runtime.getVariable(again.getExecutionId(), "reviewProblem").toString())
                .contains("no-such-course");
        // Then removes one proposed course and adds the bread course (a manager may).
        completeAs(again, tenant + "~max", "{" + string("removeCourseIds", proposed.getFirst()) + ", "
                + string("addCourseId", "bread") + ", " + string("addCourseId", "bread").replace("addCourseId",
                "reviewComment") + "}");
        Task learn = awaitTask(tenant, "work-on-learning-path");
        List<String> approved = jdbc.sql("""
                SELECT i.course_id FROM company.learning_path_item i JOIN company.learning_path p ON p.id = i.path_id
                WHERE p.tenant_id = ? AND p.status = 'APPROVED' ORDER BY i.position""").param(tenant)
                .query(String.class).list();
        assertThat(approved).contains("bread").doesNotContain(proposed.getFirst());
        assertThat(jdbc.sql("SELECT approved_by FROM company.learning_path WHERE tenant_id = ? AND status = 'APPROVED'")
                .param(tenant).query(String.class).single()).isEqualTo(tenant + "~max");

        // The employee starts one course, then completes them all: the journey moves on to the re-assessment.
        completeAs(learn, tenant + "~ann", "{" + string("startedCourseIds", approved.getFirst()) + "}");
        Task learnAgain = awaitTask(tenant, "work-on-learning-path");
        completeAs(learnAgain, tenant + "~ann", "{" + string("completedCourseIds", String.join(",", approved)) + "}");
        awaitStage(tenant, "re-assessment");
        // The re-assessment finds SQL and Python at their required levels: outcomes go to the ranking, no gaps left.
        assess(tenant, 3, 2);
        await("the journey's end", () -> journey(tenant).getFinished());
        assertThat(variable(journey, "outcomesRecorded")).isEqualTo(approved.size());
        assertThat(variable(journey, "journeyOutcome")).isEqualTo("GAPS_CLOSED");
        GetJourneyResponse finished = journey(tenant);
        assertThat(finished.getCompletionPercent()).isEqualTo(100);
        assertThat(runtime.createIncidentQuery().tenantIdIn(tenant).count()).isZero();
    }

    /** Up to the manager's review; returns the journey id. */
    private String journeyAtReview(String tenant) {
        String journey = startJourney(tenant);
        awaitStage(tenant, "assessment");
        assess(tenant, 1, 1);
        awaitTask(tenant, "review-learning-path");
        return journey;
    }

    @Test
    void anInferenceServerDownMidJourneyRaisesAnIncidentAndTheJourneyGoesOnAfterItReturns() {
        String tenant = newCompany();
        String journey = startJourney(tenant);
        awaitStage(tenant, "assessment");
        inferenceServer.stop();
        try {
            assess(tenant, 1, 1);
            // analyze-gaps cannot reach the embedding service (for the feedback): two retries (100 ms, 200 ms), then an
            // incident.
            await("an incident", () -> runtime.createIncidentQuery().tenantIdIn(tenant).count() > 0);
        } finally {
            inferenceServer.restart();
        }
        // The failed step's incident (Camunda also marks the calling journey with one pointing to it).
        Incident incident = runtime.createIncidentQuery().tenantIdIn(tenant)
                .incidentType(Incident.EXTERNAL_TASK_HANDLER_TYPE).activityId("analyze-gaps").singleResult();
        assertThat(incident.getIncidentMessage()).contains("UNAVAILABLE");
        ExternalTask failed = externalTasks.createExternalTaskQuery().tenantIdIn(tenant)
                .topicName("analyze-gaps").singleResult();
        assertThat(failed.getRetries()).isZero();
        assertThat(runtime.createIncidentQuery().tenantIdIn(tenant).activityId("gap-analysis").singleResult()
                .getRootCauseIncidentId()).isEqualTo(incident.getId());
        // An operator gives it another try in Cockpit (Increment Number of Retries): the journey goes on.
        externalTasks.setRetries(failed.getId(), 1);
        awaitTask(tenant, "review-learning-path");
        assertThat(runtime.createIncidentQuery().tenantIdIn(tenant).count()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM company.learning_path WHERE tenant_id = ? AND process_instance_id = ?")
                .param(tenant).param(journey).query(Long.class).single()).isOne();
    }

    @Test
    void aStepDeliveredTwiceHasOneEffect() throws Exception {
        String tenant = newCompany();
        workers.stop(); // this test delivers the task itself, twice, as when a lock expires while a step runs
        try {
            String journey = startJourney(tenant);
            List<LockedExternalTask> first = List.of();
            for (String topic : List.of("load-profile", "prepare-assessment")) {
                await("task " + topic, () -> externalTasks.createExternalTaskQuery().tenantIdIn(tenant)
                        .topicName(topic).count() == 1);
                first = externalTasks.fetchAndLock(1, workers.workerId()).topic(topic, 60_000).tenantIdIn(tenant)
                        .execute();
                if (topic.equals("load-profile")) {
                    workers.run(first.getFirst());
                } else {
                    externalTasks.complete(first.getFirst().getId(), workers.workerId());
                }
            }
            completeAs(awaitTask(tenant, "take-assessment"), tenant + "~ann", "{}");
            setLevel(tenant, "sql", 1);
            setLevel(tenant, "python", 1);
            List<LockedExternalTask> score = externalTasks.fetchAndLock(1, workers.workerId())
                    .topic("score-assessment", 60_000).tenantIdIn(tenant).execute();
            externalTasks.complete(score.getFirst().getId(), workers.workerId());

            await("analyze-gaps", () -> externalTasks.createExternalTaskQuery().tenantIdIn(tenant)
                    .topicName("analyze-gaps").count() == 1);
            // Delivered, then (its lock expired) delivered again: both runs do the work; one commits.
            ClockUtil.setCurrentTime(new Date());
            LockedExternalTask once = externalTasks.fetchAndLock(1, workers.workerId()).topic("analyze-gaps", 1_000)
                    .tenantIdIn(tenant).execute().getFirst();
            ClockUtil.offset(5_000L);
            LockedExternalTask twice = externalTasks.fetchAndLock(1, workers.workerId())
                    .topic("analyze-gaps", 60_000).tenantIdIn(tenant).execute().getFirst();
            assertThat(twice.getId()).isEqualTo(once.getId());
            workers.run(once);
            workers.run(twice);
            assertThat(jdbc.sql("SELECT count(*) FROM company.journey_gap WHERE tenant_id = ?").param(tenant)
                    .query(Long.class).single()).isEqualTo(2);
            assertThat(history.createHistoricActivityInstanceQuery().activityId("analyze-gaps").tenantIdIn(tenant)
                    .finished().count()).isOne();
            assertThat(externalTasks.createExternalTaskQuery().tenantIdIn(tenant).topicName("propose-learning-path")
                    .count()).isOne();
            assertThat(journey).isNotBlank();
        } finally {
            ClockUtil.reset();
            workers.start();
        }
    }

    @Test
    void remindersAndEscalationFireWhenTheLearningPathSeesNoProgress() {
        String tenant = newCompany();
        journeyAtReview(tenant);
        completeAs(awaitTask(tenant, "review-learning-path"), tenant + "~max", "{}");
        Task learn = awaitTask(tenant, "work-on-learning-path");
        assertThat(learn.getDueDate()).isNotNull();

        // Three days later (upskill.journey.reminder-interval) with no progress: a reminder.
        ClockUtil.setCurrentTime(Date.from(java.time.Instant.now().plus(Duration.ofDays(3)).plusSeconds(60)));
        fireDueTimers(tenant);
        await("a reminder", () -> countAudit(tenant, "REMIND") == 1);
        // Fourteen days later (escalation-after): the manager is asked to follow up; the employee's task stays.
        ClockUtil.setCurrentTime(Date.from(java.time.Instant.now().plus(Duration.ofDays(14)).plusSeconds(60)));
        fireDueTimers(tenant);
        Task followUp = awaitTask(tenant, "follow-up-learning");
        assertThat(tasks.getIdentityLinksForTask(followUp.getId())).extracting(l -> l.getGroupId())
                .contains("team:" + tenant + ":data");
        assertThat(countAudit(tenant, "ESCALATE")).isOne();
        assertThat(tasks.createTaskQuery().tenantIdIn(tenant).taskDefinitionKey("work-on-learning-path").count())
                .isOne();
    }

    private void fireDueTimers(String tenant) {
        for (Job job : management.createJobQuery().tenantIdIn(tenant).timers().executable().list()) {
            management.executeJob(job.getId());
        }
    }

    private long countAudit(String tenant, String action) {
        return jdbc.sql("SELECT count(*) FROM company.audit_log WHERE tenant_id = ? AND action = ?").param(tenant)
                .param(action).query(Long.class).single();
    }

    /** Starts a manager process as Tasklist's "Start process" menu does (its start form submitted over REST). */
    private HttpResponse<String> startAs(String user, String processKey, String variablesJson) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/engine-rest/process-definition/key/" + processKey + "/submit-form"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"variables\": " + variablesJson + "}"))
                .build());
    }

    @Test
    void aManagerGivesFeedbackAndCollects360FeedbackFromAPeer() {
        String tenant = newCompany();
        HttpResponse<String> started = startAs(tenant + "~max", "manager-feedback", "{"
                + string("employeeId", "ann") + ", " + string("text", "Ann explains her analyses well.") + ", "
                + "\"rating\": {\"value\": 4, \"type\": \"Long\"}, " + string("peerIds", "pat") + "}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        assertThat(started.body()).contains("\"tenantId\":\"" + tenant + "\"");
        Task peerTask = awaitTask(tenant, "give-360-feedback");
        assertThat(peerTask.getAssignee()).isEqualTo(tenant + "~pat");
        completeAs(peerTask, tenant + "~pat", "{" + string("peerText", "Ann is always ready to help.") + "}");
        await("the 360 feedback", () -> jdbc.sql("SELECT count(*) FROM company.feedback WHERE tenant_id = ?")
                .param(tenant).query(Long.class).single() == 3);
        assertThat(jdbc.sql("""
                SELECT source || ':' || coalesce(author_id, '-') || ':' || coalesce(rating::text, '-') || ':' || text
                FROM company.feedback WHERE tenant_id = ? AND employee_id = 'ann' ORDER BY id""").param(tenant)
                .query(String.class).list()).containsSubsequence("MANAGER_REVIEW:max:4.00:Ann explains her analyses well.",
                "360:-:-:Ann is always ready to help.");
        // Only managers and HR may start it: to anyone else the process does not exist.
        long before = history.createHistoricProcessInstanceQuery().processDefinitionKey("manager-feedback").count();
        assertThat(startAs(tenant + "~ann", "manager-feedback", "{" + string("employeeId", "pat") + "}")
                .statusCode()).isEqualTo(404);
        assertThat(history.createHistoricProcessInstanceQuery().processDefinitionKey("manager-feedback").count())
                .isEqualTo(before);
    }

    @Test
    void aRefusedRequestGoesBackToTheManagerToCorrect() {
        String tenant = newCompany();
        assertThat(startAs(tenant + "~max", "assign-course", "{" + string("employeeId", "ann") + ", "
                + string("courseId", "no-such-course") + "}").statusCode()).isEqualTo(200);
        Task correct = awaitTask(tenant, "correct-request");
        assertThat(correct.getAssignee()).isEqualTo(tenant + "~max");
        assertThat(runtime.getVariable(correct.getExecutionId(), "requestProblem").toString())
                .contains("no-such-course");
        completeAs(correct, tenant + "~max", "{" + string("courseId", "sql-joins") + "}");
        await("the course on ann's path", () -> jdbc.sql("""
                SELECT count(*) FROM company.learning_path_item i JOIN company.learning_path p ON p.id = i.path_id
                WHERE p.tenant_id = ? AND p.status = 'APPROVED' AND i.course_id = 'sql-joins'""").param(tenant)
                .query(Long.class).single() == 1);

        // The team's requirements, set by its manager; a team he does not manage is refused.
        assertThat(startAs(tenant + "~max", "set-requirements", "{" + string("teamId", "data") + ", "
                + string("requirements", "python:3\\nsql:2:optional") + "}").statusCode()).isEqualTo(200);
        await("the team's requirements", () -> jdbc.sql("""
                SELECT count(*) FROM company.team_competency_requirement WHERE tenant_id = ? AND team_id = 'data'""")
                .param(tenant).query(Long.class).single() == 2);
        assertThat(startAs(tenant + "~max", "set-requirements", "{" + string("teamId", "other") + "}")
                .statusCode()).isEqualTo(200);
        Task refused = awaitTask(tenant, "correct-request");
        assertThat(runtime.getVariable(refused.getExecutionId(), "requestProblem").toString())
                .contains("not the manager of team \"other\"");
    }
}
