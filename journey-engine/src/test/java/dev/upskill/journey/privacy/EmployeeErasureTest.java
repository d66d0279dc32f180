package dev.upskill.journey.privacy;

import static dev.upskill.journey.ImportStreams.call;
import static dev.upskill.journey.ImportStreams.importFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.upskill.journey.JourneyStubs;
import dev.upskill.journey.TestDataDirectories;
import dev.upskill.proto.v1.Employee;
import dev.upskill.proto.v1.EraseEmployeeRequest;
import dev.upskill.proto.v1.EraseEmployeeResponse;
import dev.upskill.proto.v1.FeedbackSource;
import dev.upskill.proto.v1.Framework;
import dev.upskill.proto.v1.FrameworkCompetency;
import dev.upskill.proto.v1.ImportEmployeesRequest;
import dev.upskill.proto.v1.ImportFrameworkRequest;
import dev.upskill.proto.v1.ImportRolesRequest;
import dev.upskill.proto.v1.ImportTeamsRequest;
import dev.upskill.proto.v1.ProficiencyLevel;
import dev.upskill.proto.v1.Role;
import dev.upskill.proto.v1.SubmitFeedbackRequest;
import dev.upskill.proto.v1.Team;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeAll;
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
 * EraseEmployee over gRPC on a real embedded PostgreSQL: a tenant with two employees, data in every company table that
 * holds personal data (imports and SubmitFeedback where an RPC exists, SQL otherwise) and Camunda history (a test
 * process started for both, tasks completed, commented and attached to by the erased employee). After the erasure a
 * scan of every text-like column of every table in {@code company} and {@code public} finds none of the employee's
 * personal data; the other employee's data is untouched; the erasure is audited; a repeat changes nothing; bad inputs
 * change nothing; a re-import of the erased employee is refused.
 */
@Import(JourneyStubs.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmployeeErasureTest {

    private static final Path DATA_DIR = TestDataDirectories.create("erasure-");
    private static final String T = "era";
    private static final String ANN = "ann";
    private static final String BOB = "bob";
    private static final String ANN_USER = T + "~" + ANN;
    private static final String BOB_USER = T + "~" + BOB;
    private static final String ANN_EMAIL = "annika.qzx@era.test";
    private static final String ANN_FIRST = "Annika";
    private static final String ANN_LAST = "Zyxwerasure";
    private static final String ANN_NAME = ANN_FIRST + " " + ANN_LAST;
    private static final String FEEDBACK_ABOUT_ANN = "Feedback-about-Annika: sharp reviews, late on Fridays";
    private static final String SELF_FEEDBACK = "Self-assessment-qzx: I want to learn Kotlin";
    private static final String ANSWER_BY_ANN = "Answer-by-qzx: a hash map buckets keys by hash";
    private static final String COMMENT_BY_ANN = "Comment-by-qzx: done, see attachment";
    /** Feedback Ann wrote about Bob: stays (without its author). */
    private static final String FEEDBACK_ABOUT_BOB = "Bob mentors the new joiners well";
    /** What must not be found anywhere after the erasure. */
    private static final List<String> PERSONAL = List.of(ANN_EMAIL, ANN_NAME, ANN_FIRST, ANN_LAST, FEEDBACK_ABOUT_ANN,
            SELF_FEEDBACK, ANSWER_BY_ANN, COMMENT_BY_ANN, "qzx", ANN_USER);

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("upskill.journey.data-dir", DATA_DIR::toString);
    }

    @Autowired JourneyStubs stubs;
    @Autowired JdbcClient jdbc;
    @Autowired RepositoryService repository;
    @Autowired RuntimeService runtime;
    @Autowired TaskService tasks;
    @Autowired HistoryService history;
    @Autowired IdentityService identity;

    private String bobInstance;
    private EraseEmployeeResponse first;

    @BeforeAll
    void setUp() {
        importCompany();
        insertRowsWithoutRpc();
        runProcesses();
        assertThat(scan().keySet()).as("the personal data is there before the erasure")
                .containsExactlyInAnyOrderElementsOf(PERSONAL);
    }

    // ---- the company and its processes ----

    private void importCompany() {
        call(stubs.async()::importFramework, ImportFrameworkRequest.newBuilder().setTenantId(T).setActor("hr-admin")
                .setFramework(Framework.newBuilder().setId("fw").setName("Engineering"))
                .addScale(ProficiencyLevel.newBuilder().setLevel(1).setName("beginner"))
                .addScale(ProficiencyLevel.newBuilder().setLevel(2).setName("advanced"))
                .addCompetencies(FrameworkCompetency.newBuilder().setId("java").setName("Java"))
                .build());
        call(stubs.async()::importRoles, ImportRolesRequest.newBuilder().setTenantId(T)
                .addRoles(Role.newBuilder().setId("dev").setName("Developer")).build());
        call(stubs.async()::importTeams, ImportTeamsRequest.newBuilder().setTenantId(T)
                .addTeams(Team.newBuilder().setId("t-1").setName("Platform")).build());
        // Ann, the actor of the import, manages Bob and the team.
        call(stubs.async()::importEmployees, ImportEmployeesRequest.newBuilder().setTenantId(T).setActor(ANN_EMAIL)
                .addEmployees(Employee.newBuilder().setId(ANN).setEmail(ANN_EMAIL).setDisplayName(ANN_NAME)
                        .setRoleId("dev").setTeamId("t-1"))
                .addEmployees(Employee.newBuilder().setId(BOB).setEmail("bob@era.test").setDisplayName("Bob Builder")
                        .setRoleId("dev").setTeamId("t-1").setManagerId(ANN))
                .build());
        call(stubs.async()::importTeams, ImportTeamsRequest.newBuilder().setTenantId(T)
                .addTeams(Team.newBuilder().setId("t-1").setName("Platform").setManagerId(ANN)).build());
        // Another tenant with an employee Ann's tenant does not have.
        call(stubs.async()::importEmployees, ImportEmployeesRequest.newBuilder().setTenantId("era-other")
                .addEmployees(Employee.newBuilder().setId("carl").setDisplayName("Carl")).build());

        feedback(ANN, BOB, FeedbackSource.FEEDBACK_SOURCE_PEER, FEEDBACK_ABOUT_ANN);
        feedback(ANN, ANN, FeedbackSource.FEEDBACK_SOURCE_SELF, SELF_FEEDBACK);
        feedback(BOB, ANN, FeedbackSource.FEEDBACK_SOURCE_MANAGER_REVIEW, FEEDBACK_ABOUT_BOB);
        feedback(BOB, "", FeedbackSource.FEEDBACK_SOURCE_360, "Bob: clear writer");
    }

    private void feedback(String about, String author, FeedbackSource source, String text) {
        stubs.blocking().submitFeedback(SubmitFeedbackRequest.newBuilder().setTenantId(T).setEmployeeId(about)
                .setAuthorId(author).setSource(source).setText(text).setRating(4).addCompetencyIds("java").build());
    }

    /** Rows no RPC writes yet: the same for both employees, Ann's holding her personal data. */
    private void insertRowsWithoutRpc() {
        jdbc.sql("INSERT INTO company.course (tenant_id, id, title) VALUES (?, 'c-1', 'Java basics')").param(T)
                .update();
        for (String e : List.of(ANN, BOB)) {
            String mine = e.equals(ANN) ? ANSWER_BY_ANN : "Bob's answer";
            jdbc.sql("""
                    INSERT INTO company.employee_competency (tenant_id, employee_id, competency_id, level, source)
                    VALUES (?, ?, 'java', 2, 'ASSESSMENT')""").params(T, e).update();
            // Bob's level was changed by Ann (her Camunda user id): that reference goes, the row stays.
            jdbc.sql("""
                    INSERT INTO company.employee_competency_history
                        (tenant_id, employee_id, competency_id, level, previous_level, source, source_ref, changed_by)
                    VALUES (?, ?, 'java', 2, 1, 'ASSESSMENT', 'assessment:1', ?)""")
                    .params(T, e, e.equals(ANN) ? ANN_EMAIL : ANN_USER).update();
            long session = jdbc.sql("""
                    INSERT INTO company.assessment_session (tenant_id, employee_id, status, process_instance_id)
                    VALUES (?, ?, 'GRADED', 'pi-1') RETURNING id""").params(T, e).query(Long.class).single();
            long question = jdbc.sql("""
                    INSERT INTO company.assessment_question (tenant_id, session_id, position, competency_id, question)
                    VALUES (?, ?, 1, 'java', 'What does a hash map do?') RETURNING id""")
                    .params(T, session).query(Long.class).single();
            jdbc.sql("""
                    INSERT INTO company.assessment_answer (tenant_id, question_id, answer, score, graded_at)
                    VALUES (?, ?, ?, 0.8, now())""").params(T, question, mine).update();
            jdbc.sql("""
                    INSERT INTO company.assessment_competency_score (tenant_id, session_id, competency_id, score, level)
                    VALUES (?, ?, 'java', 0.8, 2)""").params(T, session).update();
            // Bob's path was created and approved by Ann.
            long path = jdbc.sql("""
                    INSERT INTO company.learning_path (tenant_id, employee_id, version, status, created_by, approved_by)
                    VALUES (?, ?, 1, 'APPROVED', ?, ?) RETURNING id""")
                    .params(T, e, e.equals(ANN) ? ANN_USER : ANN, ANN_EMAIL).query(Long.class).single();
            long item = jdbc.sql("""
                    INSERT INTO company.learning_path_item (tenant_id, path_id, position, course_id, reason, status,
                        started_at)
                    VALUES (?, ?, 1, 'c-1', ?, 'IN_PROGRESS', now()) RETURNING id""")
                    .params(T, path, e.equals(ANN) ? "Annika asked for it" : "Bob's gap").query(Long.class).single();
            jdbc.sql("""
                    INSERT INTO company.learning_event (tenant_id, employee_id, course_id, path_item_id, type, details)
                    VALUES (?, ?, 'c-1', ?, 'STARTED', CAST(? AS jsonb))""")
                    .params(T, e, item, "{\"device\": \"laptop of " + (e.equals(ANN) ? ANN_NAME : "Bob") + "\"}")
                    .update();
            jdbc.sql("""
                    INSERT INTO company.assignment_outcome (tenant_id, employee_id, task_id, emp_experience_years,
                        success) VALUES (?, ?, 'task-1', 3, true)""").params(T, e).update();
        }
        // Audit rows a later writer might fill with personal data: about Ann, and about Bob mentioning Ann.
        jdbc.sql("""
                INSERT INTO company.audit_log (tenant_id, actor, action, entity_type, entity_id, details)
                VALUES (?, 'hr-admin', 'UPDATE', 'employee', ?, CAST(? AS jsonb)),
                       (?, 'hr-admin', 'UPDATE', 'employee', ?, CAST(? AS jsonb)),
                       (?, ?, 'UPDATE', 'learning_path', '1', NULL)""")
                .params(T, ANN, "{\"email\": \"" + ANN_EMAIL + "\"}", T, BOB,
                        "{\"note\": \"new manager " + ANN_NAME + "\"}", T, ANN_USER)
                .update();
    }

    /**
     * Two instances of Ann's (one finished, one waiting at its second task) and one of Bob's whose first task Ann
     * completed and where she is a candidate of the second; variables hold names and e-mail addresses; Ann comments
     * and attaches as herself.
     */
    private void runProcesses() {
        try (var bpmn = getClass().getResourceAsStream("/privacy/erasure-test-process.xml")) {
            repository.createDeployment().name("erasure-test").addInputStream("erasure-test.bpmn", bpmn).deploy();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String finished = start(ANN, ANN_USER, ANN_USER, ANN_NAME, ANN_EMAIL);
        String waiting = start(ANN, ANN_USER, ANN_USER, ANN_NAME, ANN_EMAIL);
        bobInstance = start(BOB, ANN_USER, BOB_USER, "Bob Builder", "bob@era.test");
        // As Tasklist authenticates her: her user, in her company's Camunda tenant (the instances carry it).
        identity.setAuthentication(ANN_USER, List.of(), List.of(T));
        try {
            completeAsAnn(finished);
            completeAsAnn(finished);
            completeAsAnn(waiting);
            completeAsAnn(bobInstance);
        } finally {
            identity.clearAuthentication();
        }
        Task bobsTask = tasks.createTaskQuery().processInstanceId(bobInstance).singleResult();
        tasks.addCandidateUser(bobsTask.getId(), ANN_USER);
        assertThat(runtime.createProcessInstanceQuery().processInstanceIds(java.util.Set.of(waiting, bobInstance))
                .count()).isEqualTo(2);
    }

    private String start(String employee, String firstAssignee, String secondAssignee, String name, String email) {
        return runtime.startProcessInstanceByKey("erasureTest", employee, Map.of(
                EmployeeErasure.TENANT_VARIABLE, T, "firstAssignee", firstAssignee, "secondAssignee", secondAssignee,
                "employeeName", name, "employeeEmail", email)).getId();
    }

    private void completeAsAnn(String instance) {
        Task task = tasks.createTaskQuery().processInstanceId(instance).taskAssignee(ANN_USER).singleResult();
        tasks.createComment(task.getId(), instance, COMMENT_BY_ANN);
        tasks.createAttachment("text/plain", task.getId(), instance, "notes-qzx.txt", "Notes by " + ANN_NAME,
                new ByteArrayInputStream(("written by " + ANN_EMAIL).getBytes(StandardCharsets.UTF_8)));
        tasks.complete(task.getId());
    }

    // ---- tests ----

    @Test
    @Order(1)
    void badInputsFailNamingTheFieldAndChangeNothing() {
        Map<String, String> before = snapshot();
        expectFailure(request(T, ANN, ""), Status.Code.INVALID_ARGUMENT, "actor: required");
        expectFailure(request(T, ANN, "   "), Status.Code.INVALID_ARGUMENT, "actor: required");
        expectFailure(request(T, ANN, "x".repeat(201)), Status.Code.INVALID_ARGUMENT, "actor: at most 200");
        expectFailure(request("", ANN, "dpo"), Status.Code.INVALID_ARGUMENT, "tenant_id: required");
        expectFailure(request("a b", ANN, "dpo"), Status.Code.INVALID_ARGUMENT, "tenant_id: 1 to 64");
        expectFailure(request(T, "", "dpo"), Status.Code.INVALID_ARGUMENT, "employee_id: required");
        expectFailure(request(T, "nobody", "dpo"), Status.Code.NOT_FOUND, "employee_id: unknown employee \"nobody\"");
        expectFailure(request(T, "carl", "dpo"), Status.Code.NOT_FOUND, "employee_id: unknown employee \"carl\"");
        expectFailure(request("no-such-tenant", ANN, "dpo"), Status.Code.NOT_FOUND, "employee_id: unknown employee");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    @Order(2)
    void erasureLeavesNoPersonalDataAndLeavesTheOtherEmployeeAlone() {
        Map<String, String> bobBefore = bobsData();
        Map<String, Object> bobsVariables = new java.util.HashMap<>(runtime.getVariables(bobInstance));
        bobsVariables.put("firstAssignee", null); // it named Ann: cleared

        first = stubs.blocking().eraseEmployee(request(T, ANN, "dpo@era.test"));

        // (a) Nothing of Ann's anywhere: every text, varchar, json(b), bytea and array column of every table in
        // company and public. (Her id "ann" stays as the tombstone in company.employee.id and in audit rows'
        // entity_id; it is not searched for.)
        assertThat(scan()).isEmpty();
        assertThat(identity.createUserQuery().userId(ANN_USER).count()).isZero();
        assertThat(jdbc.sql("""
                SELECT coalesce(email, '-') || ',' || coalesce(display_name, '-') || ',' || coalesce(role_id, '-')
                    || ',' || coalesce(team_id, '-') || ',' || active || ',' || (erased_at IS NOT NULL)
                FROM company.employee WHERE tenant_id = ? AND id = ?""").params(T, ANN).query(String.class).single())
                .isEqualTo("-,-,-,-,false,true");
        assertThat(jdbc.sql("SELECT count(*) FROM company.assignment_outcome WHERE tenant_id = ? "
                + "AND employee_id IS NULL")
                .param(T).query(Long.class).single()).as("anonymous training data").isOne();

        // (b) Bob's data is untouched, except the references to Ann in it.
        assertThat(bobsData()).isEqualTo(bobBefore);
        assertThat(runtime.getVariables(bobInstance)).isEqualTo(bobsVariables);
        assertThat(identity.createUserQuery().userId(BOB_USER).singleResult().getLastName()).isEqualTo("Builder");
        Task bobsTask = tasks.createTaskQuery().processInstanceId(bobInstance).singleResult();
        assertThat(bobsTask.getAssignee()).isEqualTo(BOB_USER);
        assertThat(tasks.getIdentityLinksForTask(bobsTask.getId())).extracting(IdentityLink::getUserId)
                .containsOnly(BOB_USER);
        assertThat(history.createHistoricTaskInstanceQuery().processInstanceId(bobInstance).taskDefinitionKey("first")
                .singleResult().getAssignee()).as("Ann's finished task in Bob's instance, anonymised").isNull();
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(ANN).count()).isZero();
        assertThat(jdbc.sql("SELECT coalesce(manager_id, '-') FROM company.employee WHERE tenant_id = ? AND id = ?")
                .params(T, BOB).query(String.class).single()).isEqualTo("-");
        assertThat(jdbc.sql("SELECT coalesce(manager_id, '-') FROM company.team WHERE tenant_id = ?")
                .param(T).query(String.class).single()).isEqualTo("-");
        assertThat(jdbc.sql("SELECT coalesce(author_id, '-') || ':' || text FROM company.feedback "
                + "WHERE tenant_id = ? AND employee_id = ? ORDER BY id").params(T, BOB).query(String.class).list())
                .containsExactly("-:" + FEEDBACK_ABOUT_BOB, "-:Bob: clear writer");
        assertThat(jdbc.sql("SELECT coalesce(changed_by, '-') FROM company.employee_competency_history "
                + "WHERE tenant_id = ? AND employee_id = ?").params(T, BOB).query(String.class).single())
                .isEqualTo("-");

        // (c) The erasure is audited, with the counts the response carries.
        assertThat(first.hasErasedAt()).isTrue();
        Map<String, Long> rows = first.getRowsByTableMap();
        assertThat(rows).containsEntry("company.employee", 2L) // Ann's row and Bob's manager
                .containsEntry("company.feedback", 3L) // two about Ann, one by her about Bob
                .containsEntry("company.assessment_answer", 1L)
                .containsEntry("company.learning_event", 1L)
                .containsEntry("company.assignment_outcome", 1L)
                .containsEntry("company.team", 1L)
                .containsEntry("camunda.user", 1L)
                .containsEntry("camunda.process_instance", 1L)
                .containsEntry("camunda.historic_process_instance", 2L)
                .containsEntry("camunda.identity_link", 1L);
        assertThat(rows.get("camunda.historic_variable_instance")).isGreaterThanOrEqualTo(10L);
        assertThat(rows.get("camunda.comment")).isEqualTo(4L); // three in her instances, one in Bob's
        assertThat(rows.get("camunda.user_operation_log")).isPositive();
        List<String> audit = jdbc.sql("""
                SELECT actor || ' ' || action || ' ' || entity_type || ' ' || entity_id FROM company.audit_log
                WHERE tenant_id = ? AND action = 'ERASE'""").param(T).query(String.class).list();
        assertThat(audit).containsExactly("dpo@era.test ERASE employee ann");
        Map<String, Long> audited = new TreeMap<>();
        jdbc.sql("""
                SELECT key, value::bigint FROM company.audit_log, jsonb_each_text(details -> 'rows_by_table')
                WHERE tenant_id = ? AND action = 'ERASE'""").param(T)
                .query((rs, n) -> audited.put(rs.getString(1), rs.getLong(2))).list();
        assertThat(audited).isEqualTo(new TreeMap<>(rows));
    }

    @Test
    @Order(3)
    void aRepeatChangesNothingAndAnswersTheFirstErasuresTime() {
        Map<String, String> before = snapshot();
        EraseEmployeeResponse again = stubs.blocking().eraseEmployee(request(T, ANN, "someone-else"));
        assertThat(again.getErasedAt()).isEqualTo(first.getErasedAt());
        assertThat(again.getRowsByTableMap()).isEmpty();
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    @Order(4)
    void aReimportOfTheErasedEmployeeIsRefused() {
        Map<String, String> before = snapshot();
        StatusRuntimeException refused = importFails(stubs.async()::importEmployees, ImportEmployeesRequest.newBuilder()
                .setTenantId(T)
                .addEmployees(Employee.newBuilder().setId("new").setDisplayName("New"))
                .addEmployees(Employee.newBuilder().setId(ANN).setEmail(ANN_EMAIL).setDisplayName(ANN_NAME))
                .build());
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(refused.getStatus().getDescription()).isEqualTo("employees[1].id: \"ann\" was erased (GDPR); "
                + "use a new id");
        StatusRuntimeException managed = importFails(stubs.async()::importEmployees, ImportEmployeesRequest.newBuilder()
                .setTenantId(T).addEmployees(Employee.newBuilder().setId(BOB).setManagerId(ANN)).build());
        assertThat(managed.getStatus().getDescription()).isEqualTo("employees[0].manager_id: employee \"ann\" was "
                + "erased");
        assertThat(snapshot()).isEqualTo(before);
    }

    // ---- helpers ----

    private static EraseEmployeeRequest request(String tenant, String employee, String actor) {
        return EraseEmployeeRequest.newBuilder().setTenantId(tenant).setEmployeeId(employee).setActor(actor).build();
    }

    private void expectFailure(EraseEmployeeRequest request, Status.Code code, String message) {
        StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
                () -> stubs.blocking().eraseEmployee(request));
        assertThat(failure).as(message).isNotNull();
        assertThat(failure.getStatus().getCode()).as(message).isEqualTo(code);
        assertThat(failure.getStatus().getDescription()).as(message).startsWith(message);
    }

    /**
     * Where each of {@link #PERSONAL} still occurs: {@code schema.table.column} per value, over every text-like column
     * (text, varchar, char, json, jsonb, arrays as text, bytea decoded as escaped text) of every table in the
     * {@code company} and {@code public} schemas.
     */
    private Map<String, List<String>> scan() {
        List<String[]> columns = jdbc.sql("""
                SELECT c.table_schema, c.table_name, c.column_name, c.data_type
                FROM information_schema.columns c
                JOIN information_schema.tables t ON (t.table_schema, t.table_name) = (c.table_schema, c.table_name)
                WHERE c.table_schema IN ('company', 'public') AND t.table_type = 'BASE TABLE'
                  AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea', 'ARRAY')
                ORDER BY 1, 2, 3""")
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)})
                .list();
        assertThat(columns.size()).as("columns scanned").isGreaterThan(100);
        Map<String, List<String>> found = new LinkedHashMap<>();
        for (String[] c : columns) {
            String column = '"' + c[2] + '"';
            String value = c[3].equals("bytea") ? "encode(" + column + ", 'escape')" : column + "::text";
            String table = '"' + c[0] + "\".\"" + c[1] + '"';
            for (String personal : PERSONAL) {
                long hits = jdbc.sql("SELECT count(*) FROM " + table + " WHERE strpos(lower(" + value
                        + "), lower(?)) > 0")
                        .param(personal).query(Long.class).single();
                if (hits > 0) {
                    found.computeIfAbsent(personal, p -> new ArrayList<>()).add(c[0] + "." + c[1] + "." + c[2]);
                }
            }
        }
        return found;
    }

    /** Bob's rows in every company table about him, without the columns that referred to Ann. */
    private Map<String, String> bobsData() {
        Map<String, String> data = new TreeMap<>();
        Map<String, String> queries = Map.of(
                "employee", "SELECT to_jsonb(x) - 'manager_id' - 'updated_at' FROM company.employee x "
                        + "WHERE tenant_id = :t AND id = :e",
                "feedback", "SELECT to_jsonb(x) - 'author_id' FROM company.feedback x "
                        + "WHERE tenant_id = :t AND employee_id = :e",
                "employee_competency", "SELECT to_jsonb(x) FROM company.employee_competency x "
                        + "WHERE tenant_id = :t AND employee_id = :e",
                "employee_competency_history", "SELECT to_jsonb(x) - 'changed_by' FROM "
                        + "company.employee_competency_history x WHERE tenant_id = :t AND employee_id = :e",
                "assessment", "SELECT jsonb_build_array(s, q, a, c) FROM company.assessment_session s "
                        + "JOIN company.assessment_question q ON q.session_id = s.id "
                        + "JOIN company.assessment_answer a ON a.question_id = q.id "
                        + "JOIN company.assessment_competency_score c ON c.session_id = s.id "
                        + "WHERE s.tenant_id = :t AND s.employee_id = :e",
                "learning_path", "SELECT jsonb_build_array(to_jsonb(p) - 'created_by' - 'approved_by', i) "
                        + "FROM company.learning_path p JOIN company.learning_path_item i ON i.path_id = p.id "
                        + "WHERE p.tenant_id = :t AND p.employee_id = :e",
                "learning_event", "SELECT to_jsonb(x) FROM company.learning_event x "
                        + "WHERE tenant_id = :t AND employee_id = :e",
                "assignment_outcome", "SELECT to_jsonb(x) FROM company.assignment_outcome x "
                        + "WHERE tenant_id = :t AND employee_id = :e");
        queries.forEach((table, sql) -> data.put(table, String.join("\n", jdbc.sql(sql).param("t", T).param("e", BOB)
                .query(String.class).list().stream().sorted().toList())));
        assertThat(data.values()).allMatch(rows -> !rows.isEmpty());
        return data;
    }

    /**
     * A hash of every row of the company schema and of Camunda's history, identity and task tables (not the tables
     * the engine's background jobs write, such as metrics and properties).
     */
    private Map<String, String> snapshot() {
        Map<String, String> hashes = new TreeMap<>();
        jdbc.sql("""
                SELECT table_schema || '.' || table_name FROM information_schema.tables
                WHERE table_type = 'BASE TABLE' AND (table_schema = 'company' OR (table_schema = 'public'
                    AND (table_name ~ '^act_(hi|id)_' OR table_name IN ('act_ru_task', 'act_ru_identitylink',
                         'act_ru_execution', 'act_ru_variable', 'act_ru_authorization', 'act_ru_filter'))))""")
                .query(String.class).list()
                .forEach(table -> hashes.put(table, jdbc.sql("SELECT coalesce(md5(string_agg(to_jsonb(x)::text, ',' "
                        + "ORDER BY to_jsonb(x)::text)), '-') FROM " + table + " x").query(String.class).single()));
        return hashes;
    }
}
