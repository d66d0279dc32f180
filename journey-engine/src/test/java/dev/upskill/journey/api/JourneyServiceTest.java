package dev.upskill.journey.api;

import dev.upskill.journey.JourneyStubs;
import dev.upskill.journey.TestDataDirectories;
import static dev.upskill.journey.ImportStreams.call;
import static dev.upskill.journey.ImportStreams.importFails;
import static dev.upskill.journey.ImportStreams.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.upskill.proto.v1.CompetencyRequirement;
import dev.upskill.proto.v1.Employee;
import dev.upskill.proto.v1.FeedbackSource;
import dev.upskill.proto.v1.Framework;
import dev.upskill.proto.v1.FrameworkCompetency;
import dev.upskill.proto.v1.ImportEmployeesRequest;
import dev.upskill.proto.v1.ImportFrameworkRequest;
import dev.upskill.proto.v1.ImportResponse;
import dev.upskill.proto.v1.ImportRolesRequest;
import dev.upskill.proto.v1.ImportTeamsRequest;
import dev.upskill.proto.v1.Importance;
import dev.upskill.proto.v1.JourneyServiceGrpc;
import dev.upskill.proto.v1.ProficiencyLevel;
import dev.upskill.proto.v1.Role;
import dev.upskill.proto.v1.SubmitFeedbackRequest;
import dev.upskill.proto.v1.Team;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * JourneyService over Netty on loopback, against the real server the application starts (grpc-port 0) on a real
 * embedded PostgreSQL: imports read back from the company schema, idempotent re-imports, tenant isolation, bad inputs
 * that store nothing, hostile strings stored verbatim.
 */
@Import(JourneyStubs.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JourneyServiceTest {

    private static final Path DATA_DIR = TestDataDirectories.create("grpc-");
    private static final AtomicInteger TENANTS = new AtomicInteger();
    /** The tenant the bad-input cases run against (a full import done once). */
    private static final String BASE = "base";
    private static final String HOSTILE = "O'Brien \"quoted\" '; DROP TABLE company.employee; -- \\ ü 😀";

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("upskill.journey.data-dir", DATA_DIR::toString);
    }

    @Autowired JourneyStubs stubs;
    @Autowired JdbcClient jdbc;

    @BeforeAll
    void importBaseCompany() {
        importCompany(BASE);
    }

    // ---- a small company ----

    private static ImportFrameworkRequest framework(String tenant) {
        return ImportFrameworkRequest.newBuilder()
                .setTenantId(tenant)
                .setTenantName("Acme " + tenant)
                .setActor("hr-admin")
                .setFramework(Framework.newBuilder().setId("fw").setName("Engineering").setVersion("1"))
                .addScale(level(1, "beginner"))
                .addScale(level(2, "intermediate"))
                .addScale(level(3, "advanced"))
                .addScale(level(4, "expert"))
                // A child before its parent: the order in the stream does not matter.
                .addCompetencies(competency("java", "Java", "lang"))
                .addCompetencies(competency("lang", "Languages", ""))
                .build();
    }

    private static ImportFrameworkRequest moreCompetencies(String tenant) {
        return ImportFrameworkRequest.newBuilder()
                .setTenantId(tenant)
                .addCompetencies(competency("sql", "SQL", "lang"))
                .addCompetencies(competency("comm", "Communication", ""))
                .build();
    }

    private static ImportRolesRequest roles(String tenant) {
        return ImportRolesRequest.newBuilder()
                .setTenantId(tenant)
                .addRoles(Role.newBuilder().setId("dev").setName("Developer")
                        .addRequirements(requirement("java", 3, Importance.IMPORTANCE_ESSENTIAL))
                        .addRequirements(requirement("comm", 2, Importance.IMPORTANCE_OPTIONAL)))
                .addRoles(Role.newBuilder().setId("lead").setName("Team lead")
                        .addRequirements(requirement("comm", 4, Importance.IMPORTANCE_UNSPECIFIED)))
                .build();
    }

    private static ImportTeamsRequest teams(String tenant, String manager) {
        return ImportTeamsRequest.newBuilder()
                .setTenantId(tenant)
                .addTeams(Team.newBuilder().setId("t-1").setName("Platform").setManagerId(manager))
                .build();
    }

    private static ImportEmployeesRequest employees(String tenant) {
        return ImportEmployeesRequest.newBuilder()
                .setTenantId(tenant)
                // The manager comes after the employee who reports to them.
                .addEmployees(employee("e-1", "ann@acme.test", "Ann", "dev", "t-1", "e-2"))
                .addEmployees(employee("e-2", "bob@acme.test", "Bob", "lead", "t-1", ""))
                .build();
    }

    private List<ImportResponse> importCompany(String tenant) {
        return List.of(
                call(stubs.async()::importFramework, framework(tenant), moreCompetencies(tenant)),
                call(stubs.async()::importRoles, roles(tenant)),
                call(stubs.async()::importTeams, teams(tenant, "")),
                call(stubs.async()::importEmployees, employees(tenant)),
                call(stubs.async()::importTeams, teams(tenant, "e-2")));
    }

    // ---- tests ----

    @Test
    void servesHealth() {
        HealthCheckResponse health = HealthGrpc.newBlockingStub(stubs.channel())
                .check(HealthCheckRequest.newBuilder().setService(JourneyServiceGrpc.SERVICE_NAME).build());
        assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }

    @Test
    void importsACompanyAndReadsItBack() {
        String tenant = newTenant();
        List<ImportResponse> responses = importCompany(tenant);
        assertThat(responses).extracting(ImportResponse::getCreated).containsExactly(4, 2, 1, 2, 0);
        assertThat(responses.get(4).getUpdated()).isOne();

        assertThat(jdbc.sql("SELECT name FROM company.tenant WHERE id = ?").param(tenant).query(String.class)
                .single()).isEqualTo("Acme " + tenant);
        assertThat(jdbc.sql("SELECT level || ':' || name FROM company.proficiency_level WHERE tenant_id = ? "
                + "ORDER BY level").param(tenant).query(String.class).list())
                .containsExactly("1:beginner", "2:intermediate", "3:advanced", "4:expert");
        assertThat(jdbc.sql("SELECT id || '<' || coalesce(parent_id, '-') FROM company.competency "
                + "WHERE tenant_id = ? AND framework_id = 'fw' ORDER BY id").param(tenant).query(String.class).list())
                .containsExactly("comm<-", "java<lang", "lang<-", "sql<lang");
        assertThat(jdbc.sql("SELECT role_id || '/' || competency_id || '/' || required_level || '/' || importance "
                + "FROM company.role_competency_requirement WHERE tenant_id = ? ORDER BY 1").param(tenant)
                .query(String.class).list())
                .containsExactly("dev/comm/2/OPTIONAL", "dev/java/3/ESSENTIAL", "lead/comm/4/ESSENTIAL");
        assertThat(jdbc.sql("SELECT manager_id FROM company.team WHERE tenant_id = ? AND id = 't-1'")
                .param(tenant).query(String.class).single()).isEqualTo("e-2");
        assertThat(jdbc.sql("SELECT id || ',' || email || ',' || role_id || ',' || team_id || ',' "
                + "|| coalesce(manager_id, '-') || ',' || active FROM company.employee WHERE tenant_id = ? ORDER BY id")
                .param(tenant).query(String.class).list())
                .containsExactly("e-1,ann@acme.test,dev,t-1,e-2,true", "e-2,bob@acme.test,lead,t-1,-,true");
        // Tenant, framework, 4 levels, 4 competencies, 2 roles, team created then updated, 2 employees.
        assertThat(jdbc.sql("SELECT action || ' ' || entity_type || ' ' || count(*) FROM company.audit_log "
                + "WHERE tenant_id = ? GROUP BY action, entity_type ORDER BY 1").param(tenant)
                .query(String.class).list())
                .containsExactly("CREATE competency 4", "CREATE competency_framework 1", "CREATE employee 2",
                        "CREATE proficiency_level 4", "CREATE role 2", "CREATE team 1", "CREATE tenant 1",
                        "UPDATE team 1");
        assertThat(jdbc.sql("SELECT DISTINCT actor FROM company.audit_log WHERE tenant_id = ? ORDER BY 1")
                .param(tenant).query(String.class).list()).containsExactly("hr-admin", "journey-service");
    }

    @Test
    void reImportingChangesNothingAndAnUpdateIsCounted() {
        String tenant = newTenant();
        importCompany(tenant);
        long audited = auditCount(tenant);
        Map<String, Long> before = fingerprint(tenant);

        // The company as it now is, sent again (teams with their manager this time).
        List<ImportResponse> again = List.of(
                call(stubs.async()::importFramework, framework(tenant), moreCompetencies(tenant)),
                call(stubs.async()::importRoles, roles(tenant)),
                call(stubs.async()::importTeams, teams(tenant, "e-2")),
                call(stubs.async()::importEmployees, employees(tenant)));
        assertThat(again).extracting(ImportResponse::getCreated).containsOnly(0);
        assertThat(again).extracting(ImportResponse::getUpdated).containsOnly(0);
        assertThat(again).extracting(ImportResponse::getUnchanged).containsExactly(4, 2, 1, 2);
        assertThat(fingerprint(tenant)).isEqualTo(before);
        assertThat(auditCount(tenant)).isEqualTo(audited);

        ImportRolesRequest changed = ImportRolesRequest.newBuilder().setTenantId(tenant)
                .addRoles(Role.newBuilder().setId("dev").setName("Developer")
                        .addRequirements(requirement("java", 4, Importance.IMPORTANCE_ESSENTIAL)))
                .build();
        ImportResponse response = call(stubs.async()::importRoles, changed);
        assertThat(response.getUpdated()).isOne();
        assertThat(jdbc.sql("SELECT competency_id || '/' || required_level FROM company.role_competency_requirement "
                + "WHERE tenant_id = ? AND role_id = 'dev'").param(tenant).query(String.class).list())
                .containsExactly("java/4");
        assertThat(auditCount(tenant)).isEqualTo(audited + 1);
    }

    @Test
    void tenantsDoNotSeeEachOther() {
        String a = newTenant();
        String b = newTenant();
        importCompany(a);
        // The same ids in another tenant: no collision.
        importCompany(b);
        call(stubs.async()::importEmployees, ImportEmployeesRequest.newBuilder().setTenantId(b)
                .addEmployees(employee("e-1", "ann@b.test", "Ann of B", "dev", "t-1", "")).build());
        assertThat(jdbc.sql("SELECT tenant_id || ':' || display_name FROM company.employee WHERE id = 'e-1' "
                + "AND tenant_id IN (?, ?) ORDER BY tenant_id").params(a, b).query(String.class).list())
                .containsExactly(a + ":Ann", b + ":Ann of B");

        // A team only tenant a has is unknown in tenant c.
        String c = newTenant();
        StatusRuntimeException refused = importFails(stubs.async()::importEmployees, ImportEmployeesRequest.newBuilder()
                .setTenantId(c).addEmployees(employee("e-9", "", "", "", "t-1", "")).build());
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(refused.getStatus().getDescription()).isEqualTo("employees[0].team_id: unknown team \"t-1\"");
        assertThat(jdbc.sql("SELECT count(*) FROM company.tenant WHERE id = ?").param(c).query(Long.class).single())
                .isZero();
        // Feedback naming another tenant's employee: NOT_FOUND.
        StatusRuntimeException notFound = catchThrowableOfType(StatusRuntimeException.class,
                () -> stubs.blocking().submitFeedback(feedback(c).build()));
        assertThat(notFound.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void storesHostileStringsVerbatim() {
        String tenant = newTenant();
        ImportFrameworkRequest framework = framework(tenant).toBuilder()
                .setFramework(Framework.newBuilder().setId("fw'; DROP TABLE company.tenant; --").setName(HOSTILE))
                .clearCompetencies()
                .addCompetencies(competency("c'\"", HOSTILE, ""))
                .build();
        call(stubs.async()::importFramework, framework);
        call(stubs.async()::importTeams, ImportTeamsRequest.newBuilder().setTenantId(tenant)
                .addTeams(Team.newBuilder().setId("'; DROP TABLE company.team; --").setName(HOSTILE)).build());
        call(stubs.async()::importEmployees, ImportEmployeesRequest.newBuilder().setTenantId(tenant)
                .addEmployees(employee("Robert'); DROP TABLE company.employee;--", "o'brien@x.test", HOSTILE, "",
                        "'; DROP TABLE company.team; --", ""))
                .build());
        long id = stubs.blocking().submitFeedback(SubmitFeedbackRequest.newBuilder().setTenantId(tenant)
                .setEmployeeId("Robert'); DROP TABLE company.employee;--").setSource(FeedbackSource.FEEDBACK_SOURCE_SELF)
                .setText(HOSTILE).addCompetencyIds("c'\"").build()).getFeedbackId();

        assertThat(jdbc.sql("SELECT name FROM company.competency_framework WHERE tenant_id = ? AND id = ?")
                .params(tenant, "fw'; DROP TABLE company.tenant; --").query(String.class).single()).isEqualTo(HOSTILE);
        assertThat(jdbc.sql("SELECT name FROM company.competency WHERE tenant_id = ? AND id = ?")
                .params(tenant, "c'\"").query(String.class).single()).isEqualTo(HOSTILE);
        assertThat(jdbc.sql("SELECT display_name || '|' || email || '|' || team_id FROM company.employee "
                + "WHERE tenant_id = ?").param(tenant).query(String.class).single())
                .isEqualTo(HOSTILE + "|o'brien@x.test|'; DROP TABLE company.team; --");
        assertThat(jdbc.sql("SELECT text || '|' || author_id FROM company.feedback WHERE id = ?").param(id)
                .query(String.class).single()).isEqualTo(HOSTILE + "|Robert'); DROP TABLE company.employee;--");
        assertThat(jdbc.sql("SELECT count(*) FROM company.team").query(Long.class).single()).isPositive();
    }

    @Test
    void storesFeedbackWithItsCompetencies() {
        long id = stubs.blocking().submitFeedback(feedback(BASE).setRating(4.25).setText("Clear code reviews")
                .addCompetencyIds("java").addCompetencyIds("comm").addCompetencyIds("java").setGivenOn("2026-03-01")
                .build()).getFeedbackId();
        assertThat(jdbc.sql("SELECT employee_id || ',' || author_id || ',' || source || ',' || rating || ',' "
                + "|| given_on FROM company.feedback WHERE id = ?").param(id).query(String.class).single())
                .isEqualTo("e-1,e-2,MANAGER_REVIEW,4.25,2026-03-01");
        assertThat(jdbc.sql("SELECT competency_id FROM company.feedback_competency WHERE feedback_id = ? ORDER BY 1")
                .param(id).query(String.class).list()).containsExactly("comm", "java");
        assertThat(jdbc.sql("SELECT actor FROM company.audit_log WHERE tenant_id = ? AND entity_type = 'feedback' "
                + "AND entity_id = ?").params(BASE, Long.toString(id)).query(String.class).single())
                .isEqualTo("journey-service");
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                bad("no tenant id", s -> s.importTeams(ImportTeamsRequest.newBuilder()
                        .addTeams(Team.newBuilder().setId("x").setName("X")).build()),
                        Status.Code.INVALID_ARGUMENT, "requests[0].tenant_id: required on the first message"),
                bad("malformed tenant id", s -> s.importTeams(ImportTeamsRequest.newBuilder().setTenantId("a b")
                        .addTeams(Team.newBuilder().setId("x").setName("X")).build()),
                        Status.Code.INVALID_ARGUMENT, "tenant_id: 1 to 64 characters"),
                bad("blank competency id", s -> s.importFramework(framework(BASE).toBuilder()
                        .addCompetencies(competency("  ", "Blank", "")).build()),
                        Status.Code.INVALID_ARGUMENT, "competencies[2].id: required (not blank)"),
                bad("no framework", s -> s.importFramework(ImportFrameworkRequest.newBuilder().setTenantId(BASE)
                        .addCompetencies(competency("x", "X", "")).build()),
                        Status.Code.INVALID_ARGUMENT, "framework: required on the first message"),
                bad("unknown parent", s -> s.importFramework(framework(BASE).toBuilder()
                        .addCompetencies(competency("new", "New", "nope")).build()),
                        Status.Code.INVALID_ARGUMENT, "competencies[2].parent_id: unknown competency \"nope\""),
                bad("cycle in the stream", s -> s.importFramework(framework(BASE).toBuilder().clearCompetencies()
                        .addCompetencies(competency("a", "A", "b"))
                        .addCompetencies(competency("b", "B", "a")).build()),
                        Status.Code.INVALID_ARGUMENT, "competencies[0].parent_id: cycle a -> b -> a"),
                bad("cycle through stored competencies", s -> s.importFramework(framework(BASE).toBuilder()
                        .clearCompetencies().addCompetencies(competency("lang", "Languages", "java")).build()),
                        Status.Code.INVALID_ARGUMENT, "competencies[0].parent_id: cycle lang -> java -> lang"),
                bad("a competency its own parent", s -> s.importFramework(framework(BASE).toBuilder()
                        .clearCompetencies().addCompetencies(competency("self", "Self", "self")).build()),
                        Status.Code.INVALID_ARGUMENT, "competencies[0].parent_id: cycle self -> self"),
                bad("scale level out of range", s -> s.importFramework(framework(BASE).toBuilder()
                        .addScale(level(11, "godlike")).build()),
                        Status.Code.INVALID_ARGUMENT, "scale[4].level: 1 to 10, was 11"),
                bad("role needs an unknown competency", s -> s.importRoles(ImportRolesRequest.newBuilder()
                        .setTenantId(BASE).addRoles(Role.newBuilder().setId("qa").setName("QA")
                                .addRequirements(requirement("c-9", 2, Importance.IMPORTANCE_ESSENTIAL))).build()),
                        Status.Code.INVALID_ARGUMENT,
                        "roles[0].requirements[0].competency_id: unknown competency \"c-9\""),
                bad("role level not on the scale", s -> s.importRoles(ImportRolesRequest.newBuilder()
                        .setTenantId(BASE).addRoles(Role.newBuilder().setId("qa").setName("QA")
                                .addRequirements(requirement("java", 7, Importance.IMPORTANCE_ESSENTIAL))).build()),
                        Status.Code.INVALID_ARGUMENT,
                        "roles[0].requirements[0].required_level: 7 is not on the tenant's proficiency scale"),
                bad("unknown team manager", s -> s.importTeams(teams(BASE, "e-7")),
                        Status.Code.INVALID_ARGUMENT, "teams[0].manager_id: unknown employee \"e-7\""),
                bad("unknown team, second message", s -> s.importEmployees(employees(BASE),
                        ImportEmployeesRequest.newBuilder()
                                .addEmployees(employee("e-3", "", "", "", "t-9", "")).build()),
                        Status.Code.INVALID_ARGUMENT, "employees[2].team_id: unknown team \"t-9\""),
                bad("unknown role", s -> s.importEmployees(ImportEmployeesRequest.newBuilder().setTenantId(BASE)
                        .addEmployees(employee("e-3", "", "", "ghost", "", "")).build()),
                        Status.Code.INVALID_ARGUMENT, "employees[0].role_id: unknown role \"ghost\""),
                bad("blank employee id", s -> s.importEmployees(ImportEmployeesRequest.newBuilder().setTenantId(BASE)
                        .addEmployees(employee("e-3", "", "", "", "", ""))
                        .addEmployees(employee(" ", "", "", "", "", "")).build()),
                        Status.Code.INVALID_ARGUMENT, "employees[1].id: required (not blank)"),
                bad("own manager", s -> s.importEmployees(ImportEmployeesRequest.newBuilder().setTenantId(BASE)
                        .addEmployees(employee("e-3", "", "", "", "", "e-3")).build()),
                        Status.Code.INVALID_ARGUMENT, "employees[0].manager_id: an employee cannot manage themself"),
                bad("e-mail of another employee", s -> s.importEmployees(ImportEmployeesRequest.newBuilder()
                        .setTenantId(BASE).addEmployees(employee("e-3", "ANN@acme.test", "", "", "", "")).build()),
                        Status.Code.INVALID_ARGUMENT, "employees[0].email: refused by the database"),
                bad("too many items in one message", s -> s.importTeams(ImportTeamsRequest.newBuilder()
                        .setTenantId(BASE).addAllTeams(Stream.iterate(0, i -> i + 1).limit(1_001)
                                .map(i -> Team.newBuilder().setId("x" + i).setName("X").build()).toList()).build()),
                        Status.Code.INVALID_ARGUMENT, "requests[0].teams: at most 1000 per message, was 1001"),
                bad("another tenant on a later message", s -> s.importEmployees(employees(BASE),
                        ImportEmployeesRequest.newBuilder().setTenantId("other").build()),
                        Status.Code.INVALID_ARGUMENT, "requests[1].tenant_id: differs"));
    }

    static Stream<Arguments> badFeedback() {
        return Stream.of(
                badFeedback("rating above 5", feedback(BASE).setRating(5.01), Status.Code.INVALID_ARGUMENT,
                        "rating: 0 to 5, was 5.01"),
                badFeedback("negative rating", feedback(BASE).setRating(-1), Status.Code.INVALID_ARGUMENT,
                        "rating: 0 to 5"),
                badFeedback("NaN rating", feedback(BASE).setRating(Double.NaN), Status.Code.INVALID_ARGUMENT,
                        "rating: 0 to 5"),
                badFeedback("neither rating nor text", feedback(BASE).clearText(), Status.Code.INVALID_ARGUMENT,
                        "rating: a rating or a text"),
                badFeedback("text too long", feedback(BASE).setText("x".repeat(20_001)),
                        Status.Code.INVALID_ARGUMENT, "text: at most 20000 characters"),
                badFeedback("no source", feedback(BASE).clearSource(), Status.Code.INVALID_ARGUMENT, "source: "),
                badFeedback("self feedback by someone else", feedback(BASE)
                        .setSource(FeedbackSource.FEEDBACK_SOURCE_SELF), Status.Code.INVALID_ARGUMENT, "author_id: "),
                badFeedback("bad date", feedback(BASE).setGivenOn("01/03/2026"), Status.Code.INVALID_ARGUMENT,
                        "given_on: not a date"),
                badFeedback("blank employee", feedback(BASE).setEmployeeId(""), Status.Code.INVALID_ARGUMENT,
                        "employee_id: required"),
                badFeedback("unknown employee", feedback(BASE).setEmployeeId("e-404"), Status.Code.NOT_FOUND,
                        "employee_id: unknown employee \"e-404\""),
                badFeedback("unknown author", feedback(BASE).setAuthorId("e-404"), Status.Code.NOT_FOUND,
                        "author_id: unknown employee \"e-404\""),
                badFeedback("unknown competency", feedback(BASE).addCompetencyIds("java").addCompetencyIds("c-9"),
                        Status.Code.NOT_FOUND, "competency_ids[1]: unknown competency \"c-9\""),
                badFeedback("unknown tenant", feedback("nobody"), Status.Code.NOT_FOUND, "employee_id: "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badImportsFailNamingTheFieldAndStoreNothing(String name, Function<JourneyServiceGrpc.JourneyServiceStub,
            CompletableFuture<ImportResponse>> call, Status.Code code, String message) {
        Map<String, Long> before = fingerprint(BASE);
        ExecutionException failure = catchThrowableOfType(ExecutionException.class,
                () -> call.apply(stubs.async()).get(30, TimeUnit.SECONDS));
        assertThat(failure).as(name).isNotNull();
        Status status = Status.fromThrowable(failure.getCause());
        assertThat(status.getCode()).as(name).isEqualTo(code);
        assertThat(status.getDescription()).as(name).startsWith(message);
        assertThat(fingerprint(BASE)).as(name).isEqualTo(before);
        assertThat(jdbc.sql("SELECT count(*) FROM company.tenant WHERE id IN ('other', 'a b')").query(Long.class)
                .single()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFeedback")
    void badFeedbackFailsNamingTheFieldAndStoresNothing(String name, SubmitFeedbackRequest.Builder request,
            Status.Code code, String message) {
        Map<String, Long> before = fingerprint(BASE);
        assertThatThrownBy(() -> stubs.blocking().submitFeedback(request.build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(code);
                    assertThat(e.getStatus().getDescription()).startsWith(message);
                });
        assertThat(fingerprint(BASE)).isEqualTo(before);
    }

    // ---- helpers ----

    /** Extension methods for the bad-input table: each opens the stream and sends the messages. */
    private interface Stub {
        CompletableFuture<ImportResponse> importFramework(ImportFrameworkRequest... m);

        CompletableFuture<ImportResponse> importRoles(ImportRolesRequest... m);

        CompletableFuture<ImportResponse> importTeams(ImportTeamsRequest... m);

        CompletableFuture<ImportResponse> importEmployees(ImportEmployeesRequest... m);
    }

    private static Stub stub(JourneyServiceGrpc.JourneyServiceStub s) {
        return new Stub() {
            @Override
            public CompletableFuture<ImportResponse> importFramework(ImportFrameworkRequest... m) {
                return start(s::importFramework, m);
            }

            @Override
            public CompletableFuture<ImportResponse> importRoles(ImportRolesRequest... m) {
                return start(s::importRoles, m);
            }

            @Override
            public CompletableFuture<ImportResponse> importTeams(ImportTeamsRequest... m) {
                return start(s::importTeams, m);
            }

            @Override
            public CompletableFuture<ImportResponse> importEmployees(ImportEmployeesRequest... m) {
                return start(s::importEmployees, m);
            }
        };
    }

    private static Arguments bad(String name, Function<Stub, CompletableFuture<ImportResponse>> call, Status.Code code,
            String message) {
        Function<JourneyServiceGrpc.JourneyServiceStub, CompletableFuture<ImportResponse>> onStub =
                s -> call.apply(stub(s));
        return Arguments.of(name, onStub, code, message);
    }

    private static Arguments badFeedback(String name, SubmitFeedbackRequest.Builder request, Status.Code code,
            String message) {
        return Arguments.of(name, request, code, message);
    }

    private static SubmitFeedbackRequest.Builder feedback(String tenant) {
        return SubmitFeedbackRequest.newBuilder().setTenantId(tenant).setEmployeeId("e-1").setAuthorId("e-2")
                .setSource(FeedbackSource.FEEDBACK_SOURCE_MANAGER_REVIEW).setText("Good work");
    }

    /** Row counts of every table that holds the tenant's data, and its audit log. */
    private Map<String, Long> fingerprint(String tenant) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        for (String table : List.of("tenant", "proficiency_level", "competency_framework", "competency", "role",
                "role_competency_requirement", "team", "employee", "feedback", "feedback_competency", "audit_log")) {
            String column = table.equals("tenant") ? "id" : "tenant_id";
            counts.put(table, jdbc.sql("SELECT count(*) FROM company." + table + " WHERE " + column + " = ?")
                    .param(tenant).query(Long.class).single());
        }
        counts.put("updated", jdbc.sql("SELECT count(*) FROM company.employee WHERE tenant_id = ? "
                + "AND updated_at <> created_at").param(tenant).query(Long.class).single());
        return counts;
    }

    private long auditCount(String tenant) {
        return jdbc.sql("SELECT count(*) FROM company.audit_log WHERE tenant_id = ?").param(tenant)
                .query(Long.class).single();
    }

    private static String newTenant() {
        return "t" + TENANTS.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
    }

    private static ProficiencyLevel level(int level, String name) {
        return ProficiencyLevel.newBuilder().setLevel(level).setName(name).build();
    }

    private static FrameworkCompetency competency(String id, String name, String parent) {
        return FrameworkCompetency.newBuilder().setId(id).setName(name).setParentId(parent).build();
    }

    private static CompetencyRequirement requirement(String competency, int level, Importance importance) {
        return CompetencyRequirement.newBuilder().setCompetencyId(competency).setRequiredLevel(level)
                .setImportance(importance).build();
    }

    private static Employee employee(String id, String email, String name, String role, String team,
            String manager) {
        return Employee.newBuilder().setId(id).setEmail(email).setDisplayName(name).setRoleId(role).setTeamId(team)
                .setManagerId(manager).build();
    }

}
