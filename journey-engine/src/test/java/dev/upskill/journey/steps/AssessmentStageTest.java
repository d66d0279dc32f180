package dev.upskill.journey.steps;

import static dev.upskill.journey.ImportStreams.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upskill.journey.JourneyStubs;
import dev.upskill.journey.TestDataDirectories;
import dev.upskill.journey.identity.CamundaIds;
import dev.upskill.journey.TestInferenceServer;
import dev.upskill.journey.data.QuestionBank;
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
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.spin.json.SpinJsonNode;
import org.camunda.spin.plugin.variable.value.JsonValue;
import org.junit.jupiter.api.AfterAll;
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
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The assessment stage end to end, with the real workers (delivered by the test through
 * {@link ExternalTaskWorkers#run}, so it can deliver one twice), a real inference server in this JVM (MiniLM, the
 * calibrated grader) and the processes, decisions and forms of bpmn/: questions from the starter bank for the
 * employee's competencies, answers submitted by completing take-assessment as Tasklist would (a Json object), multiple
 * choice scored exactly, free text graded, levels through HR's assessment-level decision, the manager's review of
 * grades HR's grading-review decision does not trust, redelivery, bad answers and an empty bank.
 */
@Import(JourneyStubs.class)
@SpringBootTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AssessmentStageTest {

    private static final Path DATA_DIR = TestDataDirectories.create("assessment-");
    private static final String T = "asm";
    private static TestInferenceServer inferenceServer;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        inferenceServer = TestInferenceServer.start(DATA_DIR);
        inferenceServer.engineProperties(registry, DATA_DIR);
        // The test delivers the external tasks itself (ExternalTaskWorkers.run), with the real workers.
        registry.add("upskill.journey.workers.enabled", () -> "false");
    }

    @Autowired JourneyStubs stubs;
    @Autowired JdbcClient jdbc;
    @Autowired ExternalTaskWorkers workers;
    @Autowired ExternalTaskService externalTasks;
    @Autowired TaskService tasks;
    @Autowired RuntimeService runtime;
    @Autowired RepositoryService repository;
    @Autowired AssessmentDecisions decisions;
    @Autowired PrepareAssessmentWorker prepare;
    @Autowired ObjectMapper json;
    @Autowired QuestionBank bank;
    @Autowired PlatformTransactionManager transactionManager;

    @BeforeAll
    void setUp() {
        JourneyServiceGrpc.JourneyServiceStub async = stubs.async();
        ImportFrameworkRequest.Builder framework = ImportFrameworkRequest.newBuilder().setTenantId(T)
                .setFramework(Framework.newBuilder().setId("fw").setName("Data"))
                .addCompetencies(FrameworkCompetency.newBuilder().setId("sql").setName("SQL"))
                .addCompetencies(FrameworkCompetency.newBuilder().setId("py").setName("Python programming"))
                .addCompetencies(FrameworkCompetency.newBuilder().setId("weaving").setName("Underwater weaving"));
        String[] names = {"beginner", "intermediate", "advanced", "expert"};
        for (int i = 0; i < names.length; i++) {
            framework.addScale(ProficiencyLevel.newBuilder().setLevel(i + 1).setName(names[i]));
        }
        call(async::importFramework, framework.build());
        call(async::importRoles, ImportRolesRequest.newBuilder().setTenantId(T)
                .addRoles(Role.newBuilder().setId("analyst").setName("Data analyst")
                        .addRequirements(requirement("sql", 3, Importance.IMPORTANCE_ESSENTIAL))
                        .addRequirements(requirement("py", 2, Importance.IMPORTANCE_OPTIONAL)))
                .addRoles(Role.newBuilder().setId("diver").setName("Diver")
                        .addRequirements(requirement("weaving", 2, Importance.IMPORTANCE_ESSENTIAL)))
                .build());
        call(async::importTeams, ImportTeamsRequest.newBuilder().setTenantId(T)
                .addTeams(Team.newBuilder().setId("t-1").setName("Data")).build());
        ImportEmployeesRequest.Builder employees = ImportEmployeesRequest.newBuilder().setTenantId(T)
                .addEmployees(Employee.newBuilder().setId("max").setDisplayName("Max Manager").setTeamId("t-1"));
        for (String id : List.of("ann", "bob", "cid")) {
            employees.addEmployees(Employee.newBuilder().setId(id).setRoleId("analyst").setTeamId("t-1")
                    .setManagerId("max"));
        }
        employees.addEmployees(Employee.newBuilder().setId("dan").setRoleId("diver").setTeamId("t-1"));
        call(async::importEmployees, employees.build());
        call(async::importTeams, ImportTeamsRequest.newBuilder().setTenantId(T)
                .addTeams(Team.newBuilder().setId("t-1").setName("Data").setManagerId("max")).build());
    }

    @AfterAll
    void tearDown() throws InterruptedException {
        inferenceServer.stop();
    }

    private static CompetencyRequirement requirement(String competency, int level, Importance importance) {
        return CompetencyRequirement.newBuilder().setCompetencyId(competency).setRequiredLevel(level)
                .setImportance(importance).build();
    }

    // ---- driving the journey -------------------------------------------------------------------------------------

    private String start(String employee) {
        return stubs.blocking()
                .startJourney(StartJourneyRequest.newBuilder().setTenantId(T).setEmployeeId(employee)
                        .setActor("hr-portal").build())
                .getProcessInstanceId();
    }

    /** Fetches the one task of {@code topic} waiting in the employee's journey. */
    private LockedExternalTask fetch(String employee, String topic) {
        List<LockedExternalTask> locked = externalTasks.fetchAndLock(20, workers.workerId()).topic(topic, 120_000)
                .tenantIdIn(T).businessKey(employee).execute();
        assertThat(locked).as(topic + " for " + employee).hasSize(1);
        return locked.getFirst();
    }

    /** Runs the real worker of {@code topic} on the employee's waiting task, as the engine's workers would. */
    private LockedExternalTask deliver(String employee, String topic) {
        LockedExternalTask task = fetch(employee, topic);
        workers.run(task);
        return task;
    }

    private Task userTask(String employee, String key) {
        return tasks.createTaskQuery().tenantIdIn(T).processInstanceBusinessKey(employee).taskDefinitionKey(key)
                .singleResult();
    }

    /** The stage's questions as the form gets them: the Json variable's slots q1, q2, ... */
    private List<JsonNode> formQuestions(Task task) throws Exception {
        Object value = tasks.getVariable(task.getId(), "questions");
        assertThat(value).isInstanceOf(SpinJsonNode.class);
        JsonNode slots = json.readTree(value.toString());
        List<JsonNode> items = new ArrayList<>();
        for (int n = 1; slots.has("q" + n); n++) {
            items.add(slots.get("q" + n));
        }
        assertThat(items).hasSize(slots.size());
        return items;
    }

    /** Completes take-assessment as Tasklist does: the form's fields answers.choice<n> / answer<n> as a Json object. */
    private void submit(Task task, List<Map<String, Object>> items) throws Exception {
        Map<String, Object> answers = new LinkedHashMap<>();
        items.forEach(answers::putAll);
        tasks.complete(task.getId(), Variables.createVariables()
                .putValueTyped("answers", FormValues.json(json, answers)));
    }

    /** The form field of a question: {@code choice<position>} or {@code answer<position>}; none for null. */
    private static Map<String, Object> item(JsonNode question, String field, String value) {
        Map<String, Object> item = new LinkedHashMap<>();
        if (value != null) {
            item.put(field + question.get("position").asInt(), value);
        }
        return item;
    }

    private long session(String employee) {
        return jdbc.sql("""
                SELECT max(id) FROM company.assessment_session WHERE tenant_id = ? AND employee_id = ?""")
                .param(T).param(employee).query(Long.class).single();
    }

    record Answer(String competency, String type, String answer, Double score, Double graderScore,
            Double confidence, String review, String evidence) {
    }

    private List<Answer> answers(long session) {
        return jdbc.sql("""
                SELECT q.competency_id, q.type, a.answer, a.score, a.grader_score, a.confidence, a.review_status,
                       a.evidence::text
                FROM company.assessment_answer a
                JOIN company.assessment_question q ON q.tenant_id = a.tenant_id AND q.id = a.question_id
                WHERE q.tenant_id = ? AND q.session_id = ? ORDER BY q.position""")
                .param(T).param(session)
                .query((rs, n) -> new Answer(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4) == null ? null : rs.getDouble(4),
                        rs.getObject(5) == null ? null : rs.getDouble(5),
                        rs.getObject(6) == null ? null : rs.getDouble(6), rs.getString(7),
                        rs.getString(8)))
                .list();
    }

    private Integer level(String employee, String competency) {
        return jdbc.sql("""
                SELECT level FROM company.employee_competency WHERE tenant_id = ? AND employee_id = ?
                  AND competency_id = ?""")
                .param(T).param(employee).param(competency).query(Integer.class).optional().orElse(null);
    }

    /** The default assessment-level table on a 4-level scale for questions at level 3. */
    private static int expectedLevel(double score) {
        return score >= 0.75 ? 3 : score >= 0.4 ? 2 : score >= 0.2 ? 1 : 0;
    }

    /** Deploys a grading-review table like HR would in Modeler: review below the given confidence. */
    static void deployReviewThreshold(RepositoryService repository, String threshold) throws Exception {
        String dmn;
        try (InputStream in = AssessmentStageTest.class.getClassLoader()
                .getResourceAsStream("bpmn/grading-review.dmn")) {
            dmn = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String edited = dmn.replace("<text>&lt; 0.5</text>", "<text>&lt; " + threshold + "</text>");
        repository.createDeployment().name("hr-edit").addString("grading-review.dmn", edited).deploy();
    }

    // ---- good and poor answers ---------------------------------------------------------------------------------

    private static final String GOOD_SQL = "WHERE filters the individual rows before they are grouped, so it cannot"
            + " use aggregate functions. HAVING filters the groups after the aggregation, so it can test aggregates"
            + " such as COUNT(*) > 5.";
    private static final String POOR_PY = "Python is a popular language and lists are useful.";
    private static final String GOOD_PY = "The default list is evaluated only once, when the function is defined,"
            + " so every call that leaves out the argument shares the same list object and sees the items earlier"
            + " calls appended. Use None as the default and create a new list inside the function.";

    @Test
    @Order(1)
    void theHrTablesMapScoresToLevelsOnAnyScaleAndSendUnsureGradesToReview() {
        assertThat(decisions.level(1.0, 3, 4)).isEqualTo(3);
        assertThat(decisions.level(0.5, 3, 4)).isEqualTo(2);
        assertThat(decisions.level(0.1, 3, 4)).isZero();
        assertThat(decisions.level(0.5, 1, 2)).isZero(); // below the scale
        assertThat(decisions.level(0.65, 8, 10)).isEqualTo(7); // finer steps on a long scale
        assertThat(decisions.level(1.0, 12, 10)).isEqualTo(10); // clamped to the scale
        assertThat(decisions.needsReview(0.3, false)).isTrue();
        assertThat(decisions.needsReview(0.8, false)).isFalse();
        assertThat(decisions.needsReview(0.8, true)).isTrue();
    }

    @Test
    @Order(2)
    void anAssessmentIsPreparedFromTheStarterBankScoredGradedAndTurnedIntoLevels() throws Exception {
        start("ann");
        deliver("ann", "load-profile");
        deliver("ann", "prepare-assessment");

        // The starter bank was imported for the two competencies the role requires, at levels on this 4-level scale.
        assertThat(jdbc.sql("""
                SELECT DISTINCT competency_id || ':' || level FROM company.question_bank
                WHERE tenant_id = ? AND source = 'starter' ORDER BY 1""").param(T).query(String.class).list())
                .containsExactly("py:1", "py:3", "py:4", "sql:1", "sql:3", "sql:4");
        Task take = userTask("ann", "take-assessment");
        assertThat(take.getAssignee()).isEqualTo(CamundaIds.user(T, "ann"));
        assertThat(take.getDueDate()).isNotNull();
        List<JsonNode> questions = formQuestions(take);
        // Two per competency, at the required level (SQL 3) or the nearest (Python 2: 3 on a tie), both types.
        assertThat(questions).hasSize(4);
        assertThat(questions).extracting(q -> q.get("competency").asText() + ":" + q.get("type").asText())
                .containsExactlyInAnyOrder("SQL:MULTIPLE_CHOICE", "SQL:FREE_TEXT",
                        "Python programming:MULTIPLE_CHOICE", "Python programming:FREE_TEXT");
        assertThat(jdbc.sql("""
                SELECT DISTINCT level FROM company.assessment_question WHERE tenant_id = ? AND session_id = ?""")
                .param(T).param(session("ann")).query(Integer.class).list()).containsExactly(3);
        assertThat(tasks.getVariable(take.getId(), "questions").toString())
                .doesNotContain("correct").doesNotContain("referenceAnswers");
        for (JsonNode q : questions) {
            if (q.get("type").asText().equals("MULTIPLE_CHOICE")) {
                assertThat(q.get("choices").size()).isGreaterThanOrEqualTo(2);
                assertThat(q.get("choices").get(0).get("value").asText()).isEqualTo("0");
            }
        }

        // Ann: SQL multiple choice right and a good free-text answer; Python multiple choice wrong, a poor answer.
        List<Map<String, Object>> submitted = new ArrayList<>();
        for (JsonNode q : questions) {
            boolean sql = q.get("competency").asText().equals("SQL");
            long id = q.get("questionId").asLong();
            Integer correct = jdbc.sql("SELECT correct_option FROM company.assessment_question WHERE id = ?")
                    .param(id).query(Integer.class).optional().orElse(null);
            submitted.add(q.get("type").asText().equals("MULTIPLE_CHOICE")
                    ? item(q, "choice", Integer.toString(sql ? correct : (correct + 1) % 4))
                    : item(q, "answer", sql ? GOOD_SQL : POOR_PY));
        }
        submit(take, submitted);
        long started = System.nanoTime();
        deliver("ann", "score-assessment");
        System.out.printf("score-assessment step (2 multiple choice, 2 free text graded, levels): %d ms%n",
                (System.nanoTime() - started) / 1_000_000);

        long session = session("ann");
        List<Answer> answers = answers(session);
        assertThat(answers).hasSize(4);
        Map<String, Answer> byKey = new LinkedHashMap<>();
        answers.forEach(a -> byKey.put(a.competency() + ":" + a.type(), a));
        assertThat(byKey.get("sql:MULTIPLE_CHOICE").score()).isEqualTo(1.0);
        assertThat(byKey.get("py:MULTIPLE_CHOICE").score()).isEqualTo(0.0);
        Answer good = byKey.get("sql:FREE_TEXT");
        Answer poor = byKey.get("py:FREE_TEXT");
        System.out.printf("grader: good answer %.4f (confidence %.4f), poor answer %.4f (confidence %.4f)%n",
                good.graderScore(), good.confidence(), poor.graderScore(), poor.confidence());
        assertThat(good.graderScore()).isGreaterThan(poor.graderScore() + 0.3);
        assertThat(good.evidence()).contains("matchedKeyPoints").contains("missingKeyPoints");
        // A grade counts unless HR's default table (confidence below 0.5, or off topic) sends it to review.
        for (Answer a : List.of(good, poor)) {
            boolean offTopic = json.readTree(a.evidence()).path("offTopic").asBoolean();
            boolean review = a.confidence() < 0.5 || offTopic;
            assertThat(a.review()).isEqualTo(review ? "PENDING" : "NONE");
            assertThat(a.score()).isEqualTo(review ? null : a.graderScore());
        }
        if (userTask("ann", "review-grades") != null) { // the manager accepts what the grader said
            Task review = userTask("ann", "review-grades");
            tasks.complete(review.getId());
            deliver("ann", "apply-grade-review");
        }

        // Levels: SQL (1 + good) / 2 through the table; Python (0 + poor) / 2.
        Map<String, Double> scores = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT competency_id, score FROM company.assessment_competency_score
                WHERE tenant_id = ? AND session_id = ?""")
                .param(T).param(session).query((rs, n) -> scores.put(rs.getString(1), rs.getDouble(2))).list();
        answers = answers(session);
        double sqlScore = answers.stream().filter(a -> a.competency().equals("sql")).mapToDouble(Answer::score)
                .average().orElseThrow();
        assertThat(scores.get("sql")).isCloseTo(sqlScore, org.assertj.core.data.Offset.offset(0.0001));
        int sqlLevel = expectedLevel(scores.get("sql"));
        int pyLevel = expectedLevel(scores.get("py"));
        System.out.printf("levels: SQL score %.4f -> %d, Python score %.4f -> %d%n", scores.get("sql"), sqlLevel,
                scores.get("py"), pyLevel);
        assertThat(sqlLevel).isGreaterThan(pyLevel);
        assertThat(level("ann", "sql")).isEqualTo(sqlLevel == 0 ? null : sqlLevel);
        assertThat(level("ann", "py")).isEqualTo(pyLevel == 0 ? null : pyLevel);
        assertThat(jdbc.sql("""
                SELECT count(*) FROM company.employee_competency_history WHERE tenant_id = ? AND employee_id = 'ann'
                  AND source = 'ASSESSMENT' AND source_ref = ?""").param(T).param("assessment:" + session)
                .query(Long.class).single()).isEqualTo((sqlLevel > 0 ? 1 : 0) + (pyLevel > 0 ? 1 : 0));
        assertThat(jdbc.sql("SELECT status FROM company.assessment_session WHERE id = ?").param(session)
                .query(String.class).single()).isEqualTo("GRADED");
        // The journey moved on to gap analysis.
        fetch("ann", "analyze-gaps");
    }

    @Test
    @Order(3)
    void aGradeHrDoesNotTrustWaitsForTheManagerAndCountsOnlyAfterTheReview() throws Exception {
        deployReviewThreshold(repository, "1.01"); // HR: every free-text grade is checked by a person
        try {
            start("bob");
            deliver("bob", "load-profile");
            deliver("bob", "prepare-assessment");
            Task take = userTask("bob", "take-assessment");
            List<Map<String, Object>> submitted = new ArrayList<>();
            for (JsonNode q : formQuestions(take)) {
                boolean sql = q.get("competency").asText().equals("SQL");
                submitted.add(q.get("type").asText().equals("MULTIPLE_CHOICE") ? item(q, "choice", "1")
                        : item(q, "answer", sql ? GOOD_SQL : GOOD_PY));
            }
            submit(take, submitted);
            deliver("bob", "score-assessment");

            long session = session("bob");
            assertThat(answers(session)).filteredOn(a -> a.type().equals("FREE_TEXT"))
                    .allSatisfy(a -> {
                        assertThat(a.review()).isEqualTo("PENDING");
                        assertThat(a.score()).isNull();
                        assertThat(a.graderScore()).isNotNull();
                    });
            // Nothing counts yet: no levels, the session waits.
            assertThat(level("bob", "sql")).isNull();
            assertThat(level("bob", "py")).isNull();
            assertThat(jdbc.sql("SELECT status FROM company.assessment_session WHERE id = ?").param(session)
                    .query(String.class).single()).isEqualTo("SUBMITTED");

            Task review = userTask("bob", "review-grades");
            assertThat(review).isNotNull();
            String manager = CamundaIds.user(T, "max");
            assertThat(tasks.createTaskQuery().taskCandidateUser(manager).taskId(review.getId()).count()).isOne();
            assertThat(tasks.createTaskQuery().taskCandidateGroup(CamundaIds.teamGroup(T, "t-1"))
                    .taskId(review.getId()).count()).isOne();
            assertThat((Integer) tasks.getVariable(review.getId(), "gradesToReview")).isEqualTo(2);
            JsonNode grades = json.readTree(tasks.getVariable(review.getId(), "reviewGrades").toString());
            assertThat(grades.size()).isEqualTo(2);
            JsonNode first = grades.get("g1");
            assertThat(tasks.getVariable(review.getId(), "review").toString()).contains("\"decision1\":\"accept\"");
            assertThat(first.get("question").asText()).isNotBlank();
            assertThat(first.get("answer").asText()).isIn(GOOD_SQL, GOOD_PY);
            assertThat(first.has("graderScore") && first.has("confidence") && first.has("matchedKeyPoints")
                    && first.has("missingKeyPoints")).isTrue();

            // A correction outside 0..100 comes back to the manager with the problem.
            tasks.claim(review.getId(), manager);
            Map<String, Object> decisions = new LinkedHashMap<>();
            decisions.put("decision1", "correct");
            decisions.put("score1", 140);
            decisions.put("decision2", "accept");
            tasks.complete(review.getId(), Variables.createVariables()
                    .putValueTyped("review", FormValues.json(json, decisions)));
            deliver("bob", "apply-grade-review");
            review = userTask("bob", "review-grades");
            assertThat(review).isNotNull();
            assertThat((String) tasks.getVariable(review.getId(), "reviewProblem")).contains("0 to 100");
            assertThat(level("bob", "sql")).isNull();

            decisions.put("score1", 20);
            tasks.claim(review.getId(), manager);
            tasks.complete(review.getId(), Variables.createVariables()
                    .putValueTyped("review", FormValues.json(json, decisions)));
            deliver("bob", "apply-grade-review");

            List<Answer> answers = answers(session);
            Answer corrected = answers.stream().filter(a -> a.answer().equals(first.get("answer").asText()))
                    .findFirst().orElseThrow();
            assertThat(corrected.review()).isEqualTo("CORRECTED");
            assertThat(corrected.score()).isEqualTo(0.2);
            Answer accepted = answers.stream().filter(a -> a.type().equals("FREE_TEXT") && a != corrected)
                    .findFirst().orElseThrow();
            assertThat(accepted.review()).isEqualTo("ACCEPTED");
            assertThat(accepted.score()).isEqualTo(accepted.graderScore());
            // Now the levels count, from the reviewed scores, and the history names the reviewer.
            String correctedCompetency = corrected.competency();
            double mcScore = answers.stream().filter(a -> a.competency().equals(correctedCompetency)
                    && a.type().equals("MULTIPLE_CHOICE")).findFirst().orElseThrow().score();
            double expected = (mcScore + 0.2) / 2;
            Integer stored = level("bob", correctedCompetency);
            assertThat(stored == null ? 0 : stored).isEqualTo(expectedLevel(expected));
            assertThat(jdbc.sql("""
                    SELECT DISTINCT changed_by FROM company.employee_competency_history
                    WHERE tenant_id = ? AND employee_id = 'bob'""").param(T).query(String.class).list())
                    .allMatch(manager::equals);
            assertThat(jdbc.sql("""
                    SELECT count(*) FROM company.audit_log WHERE tenant_id = ? AND action = 'REVIEW_GRADE'
                      AND actor = ?""").param(T).param(manager).query(Long.class).single()).isEqualTo(2);
            assertThat(jdbc.sql("SELECT status FROM company.assessment_session WHERE id = ?").param(session)
                    .query(String.class).single()).isEqualTo("GRADED");
            fetch("bob", "analyze-gaps");
        } finally {
            deployReviewThreshold(repository, "0.5"); // back to the shipped table
        }
    }

    @Test
    @Order(4)
    void stepsDeliveredTwiceWriteOnceAndBadOrMissingAnswersCountZero() throws Exception {
        start("cid");
        deliver("cid", "load-profile");
        LockedExternalTask prepare = fetch("cid", "prepare-assessment");
        workers.run(prepare);
        workers.run(prepare); // redelivered after its lock expired: the completion fails, nothing is written twice
        assertThat(jdbc.sql(
                "SELECT count(*) FROM company.assessment_session WHERE tenant_id = ? AND employee_id = 'cid'")
                .param(T).query(Long.class).single()).isOne();

        Task take = userTask("cid", "take-assessment");
        List<Map<String, Object>> submitted = new ArrayList<>();
        String tooLong = (GOOD_SQL + " ").repeat(80);
        assertThat(tooLong.length()).isGreaterThan(ScoreAssessmentWorker.MAX_ANSWER_CHARS);
        for (JsonNode q : formQuestions(take)) {
            boolean sql = q.get("competency").asText().equals("SQL");
            if (q.get("type").asText().equals("MULTIPLE_CHOICE")) {
                // SQL: an option that does not exist; Python: no choice at all.
                submitted.add(sql ? item(q, "choice", "7") : item(q, "choice", null));
            } else if (sql) {
                submitted.add(item(q, "answer", tooLong));
            } // Python's free-text question is missing from the submission
        }
        // Tasklist's REST API lets the employee send any variable with the form: pointing the scoring at Ann's
        // session must change nothing there.
        long annSession = session("ann");
        int annAnswers = answers(annSession).size();
        tasks.setVariable(take.getId(), "assessmentSessionId", annSession);
        submit(take, submitted);
        LockedExternalTask score = fetch("cid", "score-assessment");
        long started = System.nanoTime();
        workers.run(score);
        System.out.printf("score-assessment step with a 10,000-character answer: %d ms%n",
                (System.nanoTime() - started) / 1_000_000);
        workers.run(score);

        long session = session("cid");
        List<Answer> answers = answers(session);
        assertThat(answers).hasSize(4); // one per question, however often the step ran
        assertThat(answers(annSession)).hasSize(annAnswers);
        for (Answer a : answers) {
            if (a.competency().equals("sql") && a.type().equals("FREE_TEXT")) {
                assertThat(a.answer()).hasSize(ScoreAssessmentWorker.MAX_ANSWER_CHARS);
                assertThat(json.readTree(a.evidence()).path("truncated").asBoolean()).isTrue();
                assertThat(a.graderScore()).isNotNull();
            } else {
                assertThat(a.answer()).isEmpty();
                assertThat(a.score()).isZero();
                assertThat(json.readTree(a.evidence()).path("unanswered").asBoolean()).isTrue();
            }
        }
        assertThat(jdbc.sql("""
                SELECT count(*) FROM company.audit_log WHERE tenant_id = ? AND action = 'GRADE_ASSESSMENT'
                  AND entity_id = ?""").param(T).param(Long.toString(session)).query(Long.class).single())
                .isLessThanOrEqualTo(1L);
    }

    @Test
    @Order(5)
    void withNoQuestionInTheBankTheStageEndsWithoutAForm() {
        start("dan");
        deliver("dan", "load-profile");
        deliver("dan", "prepare-assessment");
        assertThat(userTask("dan", "take-assessment")).isNull();
        assertThat(jdbc.sql(
                "SELECT count(*) FROM company.assessment_session WHERE tenant_id = ? AND employee_id = 'dan'")
                .param(T).query(Long.class).single()).isZero();
        fetch("dan", "analyze-gaps");
    }

    @Test
    @Order(6)
    void aReassessmentAsksAboutTheLatestGapsOnly() {
        assertThat(prepare.targets(T, "ann", false)).extracting(t -> t.competencyId() + ":" + t.level())
                .containsExactly("sql:3", "py:2"); // the essential competency first
        // Gap analysis stored two cycles; the latest found only Python left, at level 2.
        for (String row : List.of("1:sql:3", "1:py:2", "2:py:2")) {
            String[] f = row.split(":");
            jdbc.sql("""
                    INSERT INTO company.journey_gap (tenant_id, employee_id, process_instance_id, cycle, competency_id,
                        current_level, required_level, importance, priority, weight)
                    VALUES (?, 'ann', 'pi-gaps', ?, ?, 0, ?, 'ESSENTIAL', 'HIGH', 3)""")
                    .params(T, Integer.parseInt(f[0]), f[1], Integer.parseInt(f[2])).update();
        }
        assertThat(prepare.targets(T, "ann", true)).extracting(t -> t.competencyId() + ":" + t.level())
                .containsExactly("py:2");
        // No stored gaps (bob's gap analysis has not run): the required competencies.
        assertThat(prepare.targets(T, "bob", true)).hasSize(2);
    }

    @Test
    @Order(7)
    void twoFirstAssessmentsAtOnceBothGetTheStarterQuestions() throws Exception {
        String tenant = "asm-race";
        call(stubs.async()::importFramework, ImportFrameworkRequest.newBuilder().setTenantId(tenant)
                .setFramework(Framework.newBuilder().setId("fw").setName("Data"))
                .addCompetencies(FrameworkCompetency.newBuilder().setId("sql").setName("SQL"))
                .addScale(ProficiencyLevel.newBuilder().setLevel(1).setName("beginner"))
                .addScale(ProficiencyLevel.newBuilder().setLevel(2).setName("advanced")).build());
        TransactionTemplate transaction = new TransactionTemplate(transactionManager);
        CountDownLatch firstImported = new CountDownLatch(1);
        CountDownLatch commitFirst = new CountDownLatch(1);
        ExecutorService steps = Executors.newFixedThreadPool(2);
        try {
            // The first step imports the starter questions and holds its transaction open ...
            Future<Integer> first = steps.submit(() -> transaction.execute(status -> {
                int imported = bank.importStarterIfEmpty(tenant, "sql");
                firstImported.countDown();
                awaitQuietly(commitFirst);
                return imported;
            }));
            assertThat(firstImported.await(30, TimeUnit.SECONDS)).isTrue();
            // ... while the second finds the bank empty and imports the same rows, which wait on the unique index.
            Future<List<QuestionBank.Question>> second =
                    steps.submit(() -> transaction.execute(status -> bank.approvedWithStarter(tenant, "sql")));
            Awaits.await("the second import waiting on the first's rows", () -> jdbc.sql("""
                    SELECT count(*) FROM pg_stat_activity
                    WHERE datname = current_database() AND wait_event_type = 'Lock'""").query(Long.class).single() > 0);
            commitFirst.countDown();

            assertThat(first.get(30, TimeUnit.SECONDS)).isPositive();
            assertThat(second.get(30, TimeUnit.SECONDS)).hasSize(first.get());
        } finally {
            commitFirst.countDown();
            steps.shutdownNow();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
