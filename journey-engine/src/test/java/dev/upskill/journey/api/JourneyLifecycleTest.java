package dev.upskill.journey.api;

import static dev.upskill.journey.ImportStreams.call;
import static dev.upskill.journey.ImportStreams.importFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Timestamp;
import dev.upskill.journey.JourneyStubs;
import dev.upskill.journey.TestDataDirectories;
import dev.upskill.proto.v1.AssignCourseRequest;
import dev.upskill.proto.v1.AssignCourseResponse;
import dev.upskill.proto.v1.Course;
import dev.upskill.proto.v1.CourseFormat;
import dev.upskill.proto.v1.Employee;
import dev.upskill.proto.v1.EraseEmployeeRequest;
import dev.upskill.proto.v1.Framework;
import dev.upskill.proto.v1.FrameworkCompetency;
import dev.upskill.proto.v1.GetJourneyRequest;
import dev.upskill.proto.v1.GetJourneyResponse;
import dev.upskill.proto.v1.ImportCoursesRequest;
import dev.upskill.proto.v1.ImportEmployeesRequest;
import dev.upskill.proto.v1.ImportFrameworkRequest;
import dev.upskill.proto.v1.ImportResponse;
import dev.upskill.proto.v1.ImportTeamsRequest;
import dev.upskill.proto.v1.ItemStatus;
import dev.upskill.proto.v1.JourneyStep;
import dev.upskill.proto.v1.LearningEventType;
import dev.upskill.proto.v1.Level;
import dev.upskill.proto.v1.ProficiencyLevel;
import dev.upskill.proto.v1.RecordLearningEventRequest;
import dev.upskill.proto.v1.StartJourneyRequest;
import dev.upskill.proto.v1.StartJourneyResponse;
import dev.upskill.proto.v1.StepStatus;
import dev.upskill.proto.v1.Team;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
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
 * Journeys over real gRPC on a real embedded PostgreSQL with the bpmn/ processes deployed: StartJourney,
 * GetJourney through every stage (the test plays the external-task workers and the Tasklist users), AssignCourse,
 * RecordLearningEvent moving the journey on, ImportCourses, and Camunda's tenant check keeping one company's HR away
 * from another's journeys.
 */
@Import(JourneyStubs.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JourneyLifecycleTest {

    private static final Path DATA_DIR = TestDataDirectories.create("journeys-");
    private static final AtomicInteger TENANTS = new AtomicInteger();
    private static final String PASSWORD = "test-password"; // upskill.journey.initial-password in the tests
    private static final String WORKER = "test-worker";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("upskill.journey.data-dir", DATA_DIR::toString);
        registry.add("upskill.journey.max-cycles", () -> "2");
        // This test plays the external-task workers itself.
        registry.add("upskill.journey.workers.enabled", () -> "false");
        registry.add("upskill.journey.hr-users[0]", () -> "jl-hr-a:hr");
        registry.add("upskill.journey.hr-users[1]", () -> "jl-hr-b:hr");
    }

    @Autowired JourneyStubs stubs;
    @Autowired JdbcClient jdbc;
    @Autowired RuntimeService runtime;
    @Autowired TaskService tasks;
    @Autowired ExternalTaskService externalTasks;
    @Autowired HistoryService history;
    @LocalServerPort int port;

    private String newTenant() {
        String tenant = "jl-" + TENANTS.incrementAndGet();
        importCompany(tenant);
        return tenant;
    }

    private void importCompany(String tenant) {
        call(stubs.async()::importFramework, ImportFrameworkRequest.newBuilder().setTenantId(tenant)
                .setFramework(Framework.newBuilder().setId("fw").setName("Engineering"))
                .addScale(ProficiencyLevel.newBuilder().setLevel(1).setName("beginner"))
                .addScale(ProficiencyLevel.newBuilder().setLevel(2).setName("advanced"))
                .addCompetencies(FrameworkCompetency.newBuilder().setId("sql").setName("SQL"))
                .build());
        call(stubs.async()::importTeams, ImportTeamsRequest.newBuilder().setTenantId(tenant)
                .addTeams(Team.newBuilder().setId("t-1").setName("Data")).build());
        call(stubs.async()::importEmployees, ImportEmployeesRequest.newBuilder().setTenantId(tenant)
                .addEmployees(Employee.newBuilder().setId("ann").setDisplayName("Ann Analyst").setTeamId("t-1")
                        .setManagerId("max"))
                .addEmployees(Employee.newBuilder().setId("max").setDisplayName("Max Manager").setTeamId("t-1"))
                .addEmployees(Employee.newBuilder().setId("hr").setDisplayName("Hanna HR"))
                .addEmployees(Employee.newBuilder().setId("gone").setInactive(true))
                .build());
        call(stubs.async()::importTeams, ImportTeamsRequest.newBuilder().setTenantId(tenant)
                .addTeams(Team.newBuilder().setId("t-1").setName("Data").setManagerId("max")).build());
        call(stubs.async()::importCourses, ImportCoursesRequest.newBuilder().setTenantId(tenant)
                .addCourses(course("sql-1", "SQL basics"))
                .addCourses(course("sql-2", "Window functions"))
                .build());
    }

    private static Course course(String id, String title) {
        return Course.newBuilder().setId(id).setTitle(title).setUrl("https://learn.example/" + id)
                .setLevel(Level.LEVEL_BEGINNER).setFormat(CourseFormat.COURSE_FORMAT_VIDEO).setLanguage("EN")
                .addCompetencyIds("sql").setRating(4.5f).setRatingCount(10).build();
    }

    private StartJourneyResponse start(String tenant, String employee) {
        return stubs.blocking().startJourney(StartJourneyRequest.newBuilder().setTenantId(tenant)
                .setEmployeeId(employee).setActor("hr-portal").build());
    }

    private GetJourneyResponse journey(String tenant, String employee) {
        return stubs.blocking().getJourney(GetJourneyRequest.newBuilder().setTenantId(tenant).setEmployeeId(employee)
                .build());
    }

    /** Plays the worker of {@code topic}: exactly one task of the tenant's journey is waiting there. */
    private LockedExternalTask work(String tenant, String topic) {
        List<LockedExternalTask> locked = externalTasks.fetchAndLock(10, WORKER).topic(topic, 60_000)
                .tenantIdIn(tenant).execute();
        assertThat(locked).as(topic).hasSize(1);
        return locked.getFirst();
    }

    private void complete(String tenant, String topic) {
        externalTasks.complete(work(tenant, topic).getId(), WORKER);
    }

    private Task userTask(String tenant, String key) {
        return tasks.createTaskQuery().tenantIdIn(tenant).taskDefinitionKey(key).singleResult();
    }

    private static List<String> statuses(GetJourneyResponse journey) {
        return journey.getStepsList().stream()
                .map(s -> s.getId() + "=" + s.getStatus().name().substring("STEP_STATUS_".length())).toList();
    }

    @Test
    void aJourneyRunsThroughEveryStageAndTheDashboardFollowsIt() {
        String tenant = newTenant();
        StartJourneyResponse started = start(tenant, "ann");
        assertThat(started.getStarted()).isTrue();
        assertThat(start(tenant, "ann")).isEqualTo(started.toBuilder().setStarted(false).build());
        ProcessInstance instance = runtime.createProcessInstanceQuery()
                .processInstanceId(started.getProcessInstanceId()).singleResult();
        assertThat(instance.getBusinessKey()).isEqualTo("ann");
        assertThat(instance.getTenantId()).isEqualTo(tenant);
        assertThat(jdbc.sql("SELECT count(*) FROM company.audit_log WHERE tenant_id = ? AND action = 'START_JOURNEY'")
                .param(tenant).query(Long.class).single()).isOne();

        GetJourneyResponse atStart = journey(tenant, "ann");
        assertThat(atStart.getDisplayName()).isEqualTo("Ann Analyst");
        assertThat(atStart.getProcessInstanceId()).isEqualTo(started.getProcessInstanceId());
        assertThat(atStart.getStepsList()).extracting(JourneyStep::getName).containsExactly("Profile load",
                "Assessment", "Gap analysis", "Learning path", "Progress tracking", "Re-assessment", "Completion");
        assertThat(statuses(atStart)).containsExactly("profile-load=CURRENT", "assessment=PENDING",
                "gap-analysis=PENDING", "learning-path=PENDING", "progress-tracking=PENDING",
                "re-assessment=PENDING", "completion=PENDING");
        assertThat(atStart.getCurrentStage()).isEqualTo("profile-load");
        assertThat(atStart.getCompletionPercent()).isZero();
        assertThat(atStart.getSteps(0).hasStartedAt()).isTrue();
        assertThat(atStart.getSteps(0).hasEndedAt()).isFalse();

        complete(tenant, "load-profile");
        complete(tenant, "prepare-assessment");
        Task assessment = userTask(tenant, "take-assessment");
        assertThat(assessment.getAssignee()).isEqualTo(tenant + "~ann");
        tasks.complete(assessment.getId());
        complete(tenant, "score-assessment");
        GetJourneyResponse atGaps = journey(tenant, "ann");
        assertThat(atGaps.getCurrentStage()).isEqualTo("gap-analysis");
        assertThat(atGaps.getCompletionPercent()).isEqualTo(2 * 100 / 7);
        assertThat(atGaps.getSteps(0).hasEndedAt()).isTrue();

        complete(tenant, "analyze-gaps");
        complete(tenant, "propose-learning-path");
        Task review = userTask(tenant, "review-learning-path");
        assertThat(tasks.getIdentityLinksForTask(review.getId())).extracting(l -> l.getGroupId())
                .containsExactly("team:" + tenant + ":t-1");
        tasks.complete(review.getId());
        stubs.blocking().assignCourse(assign(tenant, "sql-1"));
        complete(tenant, "publish-learning-path");
        assertThat(journey(tenant, "ann").getCurrentStage()).isEqualTo("progress-tracking");

        // Completing the only item of the path moves the journey on to the re-assessment.
        record(tenant, "sql-1", LearningEventType.LEARNING_EVENT_TYPE_COMPLETED);
        GetJourneyResponse atReassessment = journey(tenant, "ann");
        assertThat(atReassessment.getCurrentStage()).isEqualTo("re-assessment");
        assertThat(atReassessment.getLearningPath(0).getStatus()).isEqualTo(ItemStatus.ITEM_STATUS_DONE);
        complete(tenant, "prepare-assessment");
        tasks.complete(userTask(tenant, "take-assessment").getId());
        complete(tenant, "score-assessment");
        complete(tenant, "record-outcomes");

        // Cycle 2 (max-cycles 2): gap analysis again, and the stages after it are pending again.
        GetJourneyResponse cycle2 = journey(tenant, "ann");
        assertThat(statuses(cycle2)).containsExactly("profile-load=DONE", "assessment=DONE",
                "gap-analysis=CURRENT", "learning-path=PENDING", "progress-tracking=PENDING",
                "re-assessment=PENDING", "completion=PENDING");
        // The path was completed before the journey reached progress tracking this time: it does not wait.
        complete(tenant, "analyze-gaps");
        complete(tenant, "propose-learning-path");
        tasks.complete(userTask(tenant, "review-learning-path").getId());
        complete(tenant, "publish-learning-path");
        assertThat(journey(tenant, "ann").getCurrentStage()).isEqualTo("re-assessment");
        complete(tenant, "prepare-assessment");
        tasks.complete(userTask(tenant, "take-assessment").getId());
        complete(tenant, "score-assessment");
        complete(tenant, "record-outcomes");
        // The cycle limit is reached: completion.
        assertThat(journey(tenant, "ann").getCurrentStage()).isEqualTo("completion");
        complete(tenant, "complete-journey");

        GetJourneyResponse finished = journey(tenant, "ann");
        assertThat(finished.getFinished()).isTrue();
        assertThat(finished.getCurrentStage()).isEmpty();
        assertThat(finished.getCompletionPercent()).isEqualTo(100);
        assertThat(finished.getStepsList()).extracting(JourneyStep::getStatus).containsOnly(StepStatus.STEP_STATUS_DONE);
        // A new journey may start once the last one finished.
        StartJourneyResponse second = start(tenant, "ann");
        assertThat(second.getStarted()).isTrue();
        assertThat(second.getProcessInstanceId()).isNotEqualTo(started.getProcessInstanceId());
    }

    @Test
    void noGapsEndsTheJourneyAtCompletionAndSkippedStagesStayPending() {
        String tenant = newTenant();
        start(tenant, "ann");
        complete(tenant, "load-profile");
        complete(tenant, "prepare-assessment");
        tasks.complete(userTask(tenant, "take-assessment").getId());
        complete(tenant, "score-assessment");
        externalTasks.handleBpmnError(work(tenant, "analyze-gaps").getId(), WORKER, "no-gaps", "nothing to close");
        assertThat(journey(tenant, "ann").getCurrentStage()).isEqualTo("completion");
        complete(tenant, "complete-journey");
        GetJourneyResponse finished = journey(tenant, "ann");
        assertThat(finished.getFinished()).isTrue();
        assertThat(finished.getCompletionPercent()).isEqualTo(100);
        assertThat(statuses(finished)).containsExactly("profile-load=DONE", "assessment=DONE", "gap-analysis=DONE",
                "learning-path=PENDING", "progress-tracking=PENDING", "re-assessment=PENDING", "completion=DONE");
    }

    @Test
    void concurrentStartsStartOneJourney() throws Exception {
        String tenant = newTenant();
        List<CompletableFuture<StartJourneyResponse>> calls = java.util.stream.IntStream.range(0, 4)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> start(tenant, "max"))).toList();
        List<StartJourneyResponse> responses = calls.stream().map(CompletableFuture::join).toList();
        assertThat(responses).filteredOn(StartJourneyResponse::getStarted).hasSize(1);
        assertThat(responses).extracting(StartJourneyResponse::getProcessInstanceId).containsOnly(
                responses.getFirst().getProcessInstanceId());
        assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("learning-journey").tenantIdIn(tenant)
                .processInstanceBusinessKey("max").count()).isOne();
    }

    @Test
    void erasingAnEmployeeRemovesTheirJourneyAndLearningPath() {
        String tenant = newTenant();
        String journey = start(tenant, "ann").getProcessInstanceId();
        complete(tenant, "load-profile");
        stubs.blocking().assignCourse(assign(tenant, "sql-1"));
        record(tenant, "sql-1", LearningEventType.LEARNING_EVENT_TYPE_STARTED);

        stubs.blocking().eraseEmployee(EraseEmployeeRequest.newBuilder().setTenantId(tenant).setEmployeeId("ann")
                .setActor("dpo").build());

        assertFails(Status.Code.NOT_FOUND, "employee_id: unknown employee \"ann\"", () -> journey(tenant, "ann"));
        assertThat(runtime.createProcessInstanceQuery().tenantIdIn(tenant).count()).isZero();
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(journey).count()).isZero();
        assertThat(history.createHistoricProcessInstanceQuery().tenantIdIn(tenant).processInstanceBusinessKey("ann")
                .count()).isZero(); // the called stages too
        assertThat(jdbc.sql("SELECT count(*) FROM company.learning_path WHERE tenant_id = ?").param(tenant)
                .query(Long.class).single()).isZero();
        assertFails(Status.Code.NOT_FOUND, "employee_id: unknown employee \"ann\"", () -> start(tenant, "ann"));
        assertFails(Status.Code.NOT_FOUND, "employee_id: unknown employee \"ann\"",
                () -> stubs.blocking().assignCourse(assign(tenant, "sql-2")));
    }

    private AssignCourseRequest assign(String tenant, String course) {
        return AssignCourseRequest.newBuilder().setTenantId(tenant).setEmployeeId("ann").setCourseId(course)
                .setCompetencyId("sql").setActor("max").build();
    }

    private ItemStatus record(String tenant, String course, LearningEventType type) {
        return stubs.blocking().recordLearningEvent(RecordLearningEventRequest.newBuilder().setTenantId(tenant)
                .setEmployeeId("ann").setCourseId(course).setType(type).build()).getItemStatus();
    }

    @Test
    void coursesAssignedMakeNewPathVersionsThatKeepProgress() {
        String tenant = newTenant();
        assertThat(stubs.blocking().assignCourse(assign(tenant, "sql-1")))
                .isEqualTo(AssignCourseResponse.newBuilder().setLearningPathVersion(1).setAdded(true).build());
        assertThat(stubs.blocking().assignCourse(assign(tenant, "sql-1")))
                .isEqualTo(AssignCourseResponse.newBuilder().setLearningPathVersion(1).setAdded(false).build());
        assertThat(record(tenant, "sql-1", LearningEventType.LEARNING_EVENT_TYPE_OPENED))
                .isEqualTo(ItemStatus.ITEM_STATUS_IN_PROGRESS);
        assertThat(stubs.blocking().assignCourse(assign(tenant, "sql-2")).getLearningPathVersion()).isEqualTo(2);

        assertThat(jdbc.sql("""
                SELECT version || ':' || status FROM company.learning_path WHERE tenant_id = ? ORDER BY version""")
                .param(tenant).query(String.class).list()).containsExactly("1:SUPERSEDED", "2:APPROVED");
        assertThat(jdbc.sql("""
                SELECT i.position || ':' || i.course_id || ':' || i.status FROM company.learning_path_item i
                JOIN company.learning_path p ON p.id = i.path_id WHERE p.tenant_id = ? AND p.version = 2
                ORDER BY i.position""").param(tenant).query(String.class).list())
                .containsExactly("1:sql-1:IN_PROGRESS", "2:sql-2:NOT_STARTED");

        assertThat(record(tenant, "sql-1", LearningEventType.LEARNING_EVENT_TYPE_COMPLETED))
                .isEqualTo(ItemStatus.ITEM_STATUS_DONE);
        // Forward only: opening a done course leaves it done.
        assertThat(record(tenant, "sql-1", LearningEventType.LEARNING_EVENT_TYPE_STARTED))
                .isEqualTo(ItemStatus.ITEM_STATUS_DONE);
        assertThat(record(tenant, "sql-2", LearningEventType.LEARNING_EVENT_TYPE_COMPLETED))
                .isEqualTo(ItemStatus.ITEM_STATUS_DONE);
        assertThat(jdbc.sql("SELECT status FROM company.learning_path WHERE tenant_id = ? AND version = 2")
                .param(tenant).query(String.class).single()).isEqualTo("COMPLETED");
        assertThat(jdbc.sql("SELECT count(*) FROM company.learning_event WHERE tenant_id = ?").param(tenant)
                .query(Long.class).single()).isEqualTo(4);
        assertThat(jdbc.sql("SELECT count(*) FROM company.audit_log WHERE tenant_id = ? AND action = 'ASSIGN_COURSE'")
                .param(tenant).query(Long.class).single()).isEqualTo(2);

        // An event for a course that is not on the path is stored and changes no item.
        call(stubs.async()::importCourses, ImportCoursesRequest.newBuilder().setTenantId(tenant)
                .addCourses(course("extra", "Extra")).build());
        assertThat(record(tenant, "extra", LearningEventType.LEARNING_EVENT_TYPE_OPENED))
                .isEqualTo(ItemStatus.ITEM_STATUS_UNSPECIFIED);
    }

    private static void assertFails(Status.Code code, String message, Runnable call) {
        StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, call::run);
        assertThat(failure).as(message).isNotNull();
        assertThat(failure.getStatus().getCode()).isEqualTo(code);
        assertThat(failure.getStatus().getDescription()).startsWith(message);
    }

    @Test
    void badInputsAreRefusedNamingTheField() {
        String tenant = newTenant();
        assertFails(Status.Code.INVALID_ARGUMENT, "tenant_id: required", () -> start("", "ann"));
        assertFails(Status.Code.INVALID_ARGUMENT, "employee_id: required", () -> start(tenant, " "));
        assertFails(Status.Code.NOT_FOUND, "employee_id: unknown employee \"nobody\"", () -> start(tenant, "nobody"));
        assertFails(Status.Code.NOT_FOUND, "employee_id: unknown employee \"ann\"", () -> start("jl-none", "ann"));
        assertFails(Status.Code.NOT_FOUND, "employee_id: employee \"gone\" is inactive", () -> start(tenant, "gone"));
        assertFails(Status.Code.NOT_FOUND, "employee_id: employee \"max\" has no journey",
                () -> journey(tenant, "max"));
        assertFails(Status.Code.NOT_FOUND, "course_id: unknown course \"nope\"",
                () -> stubs.blocking().assignCourse(assign(tenant, "nope")));
        assertFails(Status.Code.NOT_FOUND, "competency_id: unknown competency \"x\"",
                () -> stubs.blocking().assignCourse(assign(tenant, "sql-1").toBuilder().setCompetencyId("x").build()));
        assertFails(Status.Code.INVALID_ARGUMENT, "reason: at most 1000 characters",
                () -> stubs.blocking().assignCourse(
                        assign(tenant, "sql-1").toBuilder().setReason("x".repeat(1001)).build()));
        assertFails(Status.Code.INVALID_ARGUMENT, "type: required",
                () -> record(tenant, "sql-1", LearningEventType.LEARNING_EVENT_TYPE_UNSPECIFIED));
        Instant tomorrow = Instant.now().plusSeconds(86_400);
        assertFails(Status.Code.INVALID_ARGUMENT, "occurred_at: in the future",
                () -> stubs.blocking().recordLearningEvent(RecordLearningEventRequest.newBuilder().setTenantId(tenant)
                        .setEmployeeId("ann").setCourseId("sql-1")
                        .setType(LearningEventType.LEARNING_EVENT_TYPE_STARTED)
                        .setOccurredAt(Timestamp.newBuilder().setSeconds(tomorrow.getEpochSecond())).build()));
        assertFails(Status.Code.INVALID_ARGUMENT, "occurred_at: not a valid timestamp",
                () -> stubs.blocking().recordLearningEvent(RecordLearningEventRequest.newBuilder().setTenantId(tenant)
                        .setEmployeeId("ann").setCourseId("sql-1")
                        .setType(LearningEventType.LEARNING_EVENT_TYPE_STARTED)
                        .setOccurredAt(Timestamp.newBuilder().setNanos(-1)).build()));
        assertThat(jdbc.sql("SELECT count(*) FROM company.learning_path WHERE tenant_id = ?").param(tenant)
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM company.learning_event WHERE tenant_id = ?").param(tenant)
                .query(Long.class).single()).isZero();
    }

    @Test
    void courseImportsAreUpsertsAndRefuseBadCourses() {
        String tenant = newTenant(); // imported sql-1 and sql-2
        ImportResponse again = call(stubs.async()::importCourses, ImportCoursesRequest.newBuilder().setTenantId(tenant)
                .addCourses(course("sql-1", "SQL basics"))
                .addCourses(course("sql-2", "Window functions").toBuilder().addCompetencyIds("analytics"))
                .addCourses(course("sql-3", "Query plans"))
                .build());
        assertThat(again).isEqualTo(ImportResponse.newBuilder().setCreated(1).setUpdated(1).setUnchanged(1).build());
        assertThat(jdbc.sql("SELECT language || ' ' || level || ' ' || format FROM company.course "
                + "WHERE tenant_id = ? AND id = 'sql-3'").param(tenant).query(String.class).single())
                .isEqualTo("en BEGINNER VIDEO");
        assertThat(jdbc.sql("SELECT competency_id FROM company.course_competency WHERE tenant_id = ? "
                + "AND course_id = 'sql-2' ORDER BY 1").param(tenant).query(String.class).list())
                .containsExactly("analytics", "sql");

        StatusRuntimeException badUrl = importFails(stubs.async()::importCourses, ImportCoursesRequest.newBuilder()
                .setTenantId(tenant)
                .addCourses(course("ok", "Fine"))
                .addCourses(course("bad", "Bad link").toBuilder().setUrl("javascript:alert(1)"))
                .build());
        assertThat(badUrl.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(badUrl.getStatus().getDescription()).startsWith("courses[1].url: ");
        assertThat(importFails(stubs.async()::importCourses, ImportCoursesRequest.newBuilder().setTenantId(tenant)
                .addCourses(course("t", "")).build()).getStatus().getDescription())
                .startsWith("courses[0].title: required");
        assertThat(jdbc.sql("SELECT count(*) FROM company.course WHERE tenant_id = ? AND id IN ('ok', 'bad', 't')")
                .param(tenant).query(Long.class).single()).isZero();
    }

    /** Tenant check: HR of one company sees its journeys' tasks through the REST API, not another company's. */
    @Test
    void hrSeesOnlyItsOwnCompanysJourneys() throws Exception {
        importCompany("jl-hr-a");
        importCompany("jl-hr-b");
        start("jl-hr-a", "ann");
        start("jl-hr-b", "ann");
        for (String tenant : List.of("jl-hr-a", "jl-hr-b")) {
            complete(tenant, "load-profile");
            complete(tenant, "prepare-assessment");
        }
        String taskA = userTask("jl-hr-a", "take-assessment").getId();
        String taskB = userTask("jl-hr-b", "take-assessment").getId();

        String hrA = rest("/engine-rest/task?maxResults=500", "jl-hr-a~hr");
        assertThat(hrA).contains(taskA).doesNotContain(taskB);
        assertThat(rest("/engine-rest/task?maxResults=500", "jl-hr-b~hr")).contains(taskB).doesNotContain(taskA);
        assertThat(rest("/engine-rest/history/process-instance?processDefinitionKey=learning-journey",
                "jl-hr-a~hr")).contains("\"tenantId\":\"jl-hr-a\"").doesNotContain("jl-hr-b");
        // The employee sees their own assessment, and nobody else's.
        assertThat(rest("/engine-rest/task", "jl-hr-a~ann")).contains(taskA).doesNotContain(taskB);
    }

    private String rest(String path, String user) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            (user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return response.body();
        }
    }
}
