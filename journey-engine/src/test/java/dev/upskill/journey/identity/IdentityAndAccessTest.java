package dev.upskill.journey.identity;

import dev.upskill.journey.TestDataDirectories;
import static org.assertj.core.api.Assertions.assertThat;

import dev.upskill.journey.data.CompanyImports;
import dev.upskill.journey.data.CompanyImports.Employee;
import dev.upskill.journey.data.CompanyImports.Team;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Camunda identity follows the company data (imported through the data layer the gRPC API uses) and the REST API
 * Tasklist's clients use enforces who sees and completes which task, on a real embedded PostgreSQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IdentityAndAccessTest {

    private static final Path DATA_DIR = TestDataDirectories.create("identity-");
    private static final String T = "idt-a";
    private static final String REST = "idt-rest";
    private static final String PASSWORD = "test-password"; // upskill.journey.initial-password in the tests
    private static final Pattern TASK_ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("upskill.journey.data-dir", DATA_DIR::toString);
        registry.add("upskill.journey.hr-users[0]", () -> T + ":hr1");
        registry.add("upskill.journey.hr-users[1]", () -> REST + ":hr1");
    }

    @Autowired CompanyImports imports;
    @Autowired IdentityService identity;
    @Autowired RepositoryService repositoryService;
    @Autowired RuntimeService runtimeService;
    @Autowired TaskService taskService;
    @Autowired PlatformTransactionManager transactions;
    @LocalServerPort int port;

    private static HttpClient http;

    @BeforeAll
    static void client() {
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void close() {
        http.close();
    }

    private void importCompany(String tenant) {
        imports.importTeams(tenant, "Identity test", null,
                List.of(new Team("t1", "Team One", null), new Team("t2", "Team Two", null)));
        imports.importEmployees(tenant, null, null, List.of(
                new Employee("a", "a@example.com", "Ada Lovelace", null, "t1", "m1", true),
                new Employee("b", "b@example.com", "Bob Builder", null, "t2", "m2", true),
                new Employee("m1", "m1@example.com", "Mia One", null, "t1", null, true),
                new Employee("m2", "m2@example.com", "Max Two", null, "t2", null, true),
                new Employee("hr1", "hr1@example.com", "Hanna Resources", null, null, null, true),
                new Employee("x/y z", null, null, null, null, null, true)));
        imports.importTeams(tenant, null, null,
                List.of(new Team("t1", "Team One", "m1"), new Team("t2", "Team Two", "m2")));
    }

    private List<String> members(String group) {
        return identity.createUserQuery().memberOfGroup(group).list().stream().map(User::getId).sorted().toList();
    }

    @Test
    void usersGroupsAndMembershipsFollowTheCompanyData() {
        importCompany(T);

        User ada = identity.createUserQuery().userId(T + "~a").singleResult();
        assertThat(ada.getFirstName()).isEqualTo("Ada");
        assertThat(ada.getLastName()).isEqualTo("Lovelace");
        assertThat(ada.getEmail()).isEqualTo("a@example.com");
        assertThat(identity.checkPassword(T + "~a", PASSWORD)).isTrue();
        String odd = CamundaIds.user(T, "x/y z");
        assertThat(odd).matches("~[0-9a-f]{32}");
        assertThat(identity.createUserQuery().userId(odd).singleResult().getFirstName()).isEqualTo("x/y");
        assertThat(identity.createUserQuery().memberOfTenant(T).count()).isEqualTo(6);
        assertThat(identity.createTenantQuery().tenantId(T).singleResult().getName()).isEqualTo("Identity test");

        assertThat(identity.createGroupQuery().groupId("team:" + T + ":t1").singleResult().getName())
                .isEqualTo("Team One");
        assertThat(members("team:" + T + ":t1")).containsExactly(T + "~m1");
        assertThat(members("team:" + T + ":t2")).containsExactly(T + "~m2");
        assertThat(members(CamundaIds.MANAGERS)).contains(T + "~m1", T + "~m2").doesNotContain(T + "~a");
        assertThat(members(CamundaIds.HR)).contains(T + "~hr1").doesNotContain(T + "~a");
        assertThat(identity.createUserQuery().userId("admin").memberOfGroup(Groups.CAMUNDA_ADMIN).count())
                .isEqualTo(1);

        // A new manager for t1 moves the team group's membership; a deactivated employee loses their user.
        String other = "idt-b";
        importCompany(other);
        imports.importTeams(other, null, null, List.of(new Team("t1", "Team One", "m2")));
        imports.importEmployees(other, null, null,
                List.of(new Employee("b", "b@example.com", "Bob Builder", null, "t2", "m2", false)));
        assertThat(members("team:" + other + ":t1")).containsExactly(other + "~m2");
        assertThat(identity.createUserQuery().userId(other + "~b").count()).isZero();
        assertThat(identity.createUserQuery().userId(other + "~m1").memberOfGroup(CamundaIds.MANAGERS).count())
                .isEqualTo(1); // still manages a
        // The other tenant's changes left this one alone.
        assertThat(members("team:" + T + ":t1")).containsExactly(T + "~m1");
        assertThat(identity.createUserQuery().userId(T + "~b").count()).isEqualTo(1);
    }

    @Test
    void theSyncIsPartOfTheImportsTransaction() {
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            imports.importEmployees("idt-rollback", null, null,
                    List.of(new Employee("a", null, "Ada", null, null, null, true)));
            assertThat(identity.createUserQuery().userId("idt-rollback~a").count()).isEqualTo(1);
            status.setRollbackOnly(); // as when a later part of the import fails
        });
        assertThat(identity.createUserQuery().userId("idt-rollback~a").count()).isZero();
        assertThat(identity.createTenantQuery().tenantId("idt-rollback").count()).isZero();
    }

    @Test
    void restApiShowsAndCompletesOnlyWhatTheCallerMayWork() throws Exception {
        String tenant = REST;
        importCompany(tenant);
        repositoryService.createDeployment()
                .addModelInstance("assigned.bpmn", Bpmn.createExecutableProcess("idtAssigned")
                        .camundaHistoryTimeToLive(1).startEvent().userTask("work").camundaAssignee("${assignee}")
                        .endEvent().done())
                .addModelInstance("team.bpmn", Bpmn.createExecutableProcess("idtTeam")
                        .camundaHistoryTimeToLive(1).startEvent().userTask("review")
                        .camundaCandidateGroups("${group}").endEvent().done())
                .deploy();
        String taskA = task("idtAssigned", Map.of("assignee", CamundaIds.user(tenant, "a")));
        String taskB = task("idtAssigned", Map.of("assignee", CamundaIds.user(tenant, "b")));
        String team1 = task("idtTeam", Map.of("group", CamundaIds.teamGroup(tenant, "t1")));
        String team2 = task("idtTeam", Map.of("group", CamundaIds.teamGroup(tenant, "t2")));

        assertThat(send(get("/engine-rest/task")).statusCode()).isEqualTo(401);
        // (b, not a: after a failed login Camunda refuses the user's logins for a few seconds)
        assertThat(send(as(get("/engine-rest/task"), tenant + "~b", "wrong")).statusCode()).isEqualTo(401);

        String a = tenant + "~a";
        assertThat(visibleTasks(a)).containsExactly(taskA);
        HttpResponse<String> completeOthers = send(as(complete(taskB), a, PASSWORD));
        assertThat(completeOthers.statusCode()).as(completeOthers.body()).isEqualTo(403);
        assertThat(taskService.createTaskQuery().taskId(taskB).count()).isEqualTo(1);
        assertThat(send(as(complete(team1), a, PASSWORD)).statusCode()).isEqualTo(403);

        List<String> manager1 = visibleTasks(tenant + "~m1");
        assertThat(manager1).contains(team1).doesNotContain(team2, taskA, taskB);
        assertThat(visibleTasks(tenant + "~m2")).contains(team2).doesNotContain(team1, taskA, taskB);
        assertThat(visibleTasks(tenant + "~hr1")).contains(taskA, taskB, team1, team2);

        assertThat(send(as(complete(taskA), a, PASSWORD)).statusCode()).isEqualTo(204);
        assertThat(send(as(complete(team1), tenant + "~m1", PASSWORD)).statusCode()).isEqualTo(204);
        assertThat(taskService.createTaskQuery().taskId(taskA).count()).isZero();
        assertThat(taskService.createTaskQuery().taskId(team1).count()).isZero();

        HttpResponse<String> admin = send(as(get("/engine-rest/task"), "admin", "test-admin-password"));
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).contains(taskB, team2);
    }

    /**
     * The webapps: no "create an administrator" setup (an administrator exists), and Tasklist's own API (session
     * login, CSRF token) shows an employee only their task.
     */
    @Test
    void webappsRequireLoginAndOfferNoSetup() throws Exception {
        String tenant = "idt-web";
        importCompany(tenant);
        repositoryService.createDeployment()
                .addModelInstance("web.bpmn", Bpmn.createExecutableProcess("idtWeb")
                        .camundaHistoryTimeToLive(1).startEvent().userTask("work").camundaAssignee("${assignee}")
                        .endEvent().done())
                .deploy();
        String mine = task("idtWeb", Map.of("assignee", CamundaIds.user(tenant, "a")));
        String theirs = task("idtWeb", Map.of("assignee", CamundaIds.user(tenant, "b")));

        try (HttpClient browser = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build()) {
            HttpResponse<String> page = browser.send(get("/camunda/app/tasklist/default/").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            String csrf = page.headers().firstValue("X-XSRF-TOKEN").orElseThrow();

            HttpResponse<String> anonymous = browser.send(
                    get("/camunda/api/engine/engine/default/task").header("X-XSRF-TOKEN", csrf).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);

            HttpResponse<String> setup = browser.send(HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + port + "/camunda/api/admin/setup/default/user/create"))
                    .header("Content-Type", "application/json").header("X-XSRF-TOKEN", csrf)
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"profile\":{\"id\":\"intruder\"},\"credentials\":{\"password\":\"x1234567\"}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(setup.statusCode()).as(setup.body()).isEqualTo(403);
            assertThat(setup.body()).contains("Setup action not available"); // not a CSRF refusal
            assertThat(identity.createUserQuery().userId("intruder").count()).isZero();

            HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/camunda/api/admin/auth/user/default/login/tasklist"))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("X-XSRF-TOKEN", csrf)
                    .POST(HttpRequest.BodyPublishers.ofString("username=" + tenant + "~a&password=" + PASSWORD))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
            String token = login.headers().firstValue("X-XSRF-TOKEN").orElse(csrf);

            HttpResponse<String> tasks = browser.send(
                    get("/camunda/api/engine/engine/default/task").header("X-XSRF-TOKEN", token).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(tasks.statusCode()).as(tasks.body()).isEqualTo(200);
            assertThat(tasks.body()).contains(mine).doesNotContain(theirs);
        }
    }

    private String task(String process, Map<String, Object> variables) {
        String instance = runtimeService.startProcessInstanceByKey(process, variables).getId();
        return taskService.createTaskQuery().processInstanceId(instance).singleResult().getId();
    }

    private List<String> visibleTasks(String user) throws Exception {
        HttpResponse<String> response = send(as(get("/engine-rest/task?maxResults=200"), user, PASSWORD));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        Matcher m = TASK_ID.matcher(response.body());
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
    }

    private HttpRequest.Builder complete(String taskId) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/engine-rest/task/" + taskId
                        + "/complete"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"));
    }

    private static HttpRequest.Builder as(HttpRequest.Builder request, String user, String password) {
        return request.header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

}
