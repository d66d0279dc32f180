package dev.upskill.journey.api;

import dev.upskill.journey.JourneyStubs;
import dev.upskill.journey.TestDataDirectories;
import static dev.upskill.journey.ImportStreams.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upskill.proto.v1.CompetencyRequirement;
import dev.upskill.proto.v1.Employee;
import dev.upskill.proto.v1.Framework;
import dev.upskill.proto.v1.FrameworkCompetency;
import dev.upskill.proto.v1.ImportEmployeesRequest;
import dev.upskill.proto.v1.ImportFrameworkRequest;
import dev.upskill.proto.v1.ImportResponse;
import dev.upskill.proto.v1.ImportRolesRequest;
import dev.upskill.proto.v1.ImportTeamsRequest;
import dev.upskill.proto.v1.Importance;
import dev.upskill.proto.v1.ProficiencyLevel;
import dev.upskill.proto.v1.Role;
import dev.upskill.proto.v1.SetCompetencyRequirementsRequest;
import dev.upskill.proto.v1.Team;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
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
 * SetCompetencyRequirements over Netty on loopback, against the real server on a real embedded PostgreSQL: role and
 * team requirements read back from the company schema, replace semantics, tenant isolation, bad inputs that store
 * nothing.
 */
@Import(JourneyStubs.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompetencyRequirementsTest {

    private static final Path DATA_DIR = TestDataDirectories.create("requirements-");
    private static final AtomicInteger TENANTS = new AtomicInteger();
    /** The tenant the bad-input cases run against. */
    private static final String BASE = "req-base";

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

    // ---- tests ----

    @Test
    void setsATeamsRequirementsAndReadsThemBack() {
        String tenant = newTenant();
        importCompany(tenant);
        long audited = auditCount(tenant);

        boolean changed = stubs.blocking().setCompetencyRequirements(team(tenant, "t-1").setActor("manager-7")
                .addRequirements(requirement("java", 2, Importance.IMPORTANCE_ESSENTIAL))
                .addRequirements(requirement("comm", 3, Importance.IMPORTANCE_OPTIONAL))
                .addRequirements(requirement("sql", 1, Importance.IMPORTANCE_UNSPECIFIED))
                .build()).getChanged();

        assertThat(changed).isTrue();
        assertThat(teamRequirements(tenant)).containsExactly("t-1/comm/3/OPTIONAL", "t-1/java/2/ESSENTIAL",
                "t-1/sql/1/ESSENTIAL");
        // The roles' requirements are untouched.
        assertThat(roleRequirements(tenant)).containsExactly("dev/comm/2/OPTIONAL", "dev/java/3/ESSENTIAL");
        assertThat(auditCount(tenant)).isEqualTo(audited + 1);
        assertThat(jdbc.sql("SELECT actor || ' ' || action || ' ' || entity_type || ' ' || entity_id || ' ' "
                + "|| details::text FROM company.audit_log WHERE tenant_id = ? ORDER BY id DESC LIMIT 1")
                .param(tenant).query(String.class).single())
                .isEqualTo("manager-7 UPDATE team_requirements t-1 {\"requirements\": 3}");
    }

    @Test
    void replacesARolesRequirementsAndASecondIdenticalSetChangesNothing() {
        String tenant = newTenant();
        importCompany(tenant);
        long audited = auditCount(tenant);
        SetCompetencyRequirementsRequest request = role(tenant, "dev")
                .addRequirements(requirement("sql", 4, Importance.IMPORTANCE_ESSENTIAL))
                .addRequirements(requirement("java", 3, Importance.IMPORTANCE_ESSENTIAL))
                .build();

        assertThat(stubs.blocking().setCompetencyRequirements(request).getChanged()).isTrue();
        // comm is gone (replaced, not merged), sql is new, java is kept.
        assertThat(roleRequirements(tenant)).containsExactly("dev/java/3/ESSENTIAL", "dev/sql/4/ESSENTIAL");
        assertThat(auditCount(tenant)).isEqualTo(audited + 1);

        assertThat(stubs.blocking().setCompetencyRequirements(request).getChanged()).isFalse();
        assertThat(roleRequirements(tenant)).containsExactly("dev/java/3/ESSENTIAL", "dev/sql/4/ESSENTIAL");
        assertThat(auditCount(tenant)).isEqualTo(audited + 1);

        // An importance change alone is a change.
        assertThat(stubs.blocking().setCompetencyRequirements(role(tenant, "dev")
                .addRequirements(requirement("sql", 4, Importance.IMPORTANCE_OPTIONAL))
                .addRequirements(requirement("java", 3, Importance.IMPORTANCE_ESSENTIAL))
                .build()).getChanged()).isTrue();
        assertThat(roleRequirements(tenant)).containsExactly("dev/java/3/ESSENTIAL", "dev/sql/4/OPTIONAL");

        // Empty: the role requires nothing.
        assertThat(stubs.blocking().setCompetencyRequirements(role(tenant, "dev").build()).getChanged()).isTrue();
        assertThat(roleRequirements(tenant)).isEmpty();
        assertThat(auditCount(tenant)).isEqualTo(audited + 3);
    }

    @Test
    void tenantsDoNotSeeEachOther() {
        String a = newTenant();
        String b = newTenant();
        importCompany(a);
        importCompany(b);
        stubs.blocking().setCompetencyRequirements(team(a, "t-1")
                .addRequirements(requirement("java", 4, Importance.IMPORTANCE_ESSENTIAL)).build());
        stubs.blocking().setCompetencyRequirements(role(a, "dev")
                .addRequirements(requirement("sql", 1, Importance.IMPORTANCE_ESSENTIAL)).build());
        assertThat(teamRequirements(a)).containsExactly("t-1/java/4/ESSENTIAL");
        assertThat(teamRequirements(b)).isEmpty();
        assertThat(roleRequirements(b)).containsExactly("dev/comm/2/OPTIONAL", "dev/java/3/ESSENTIAL");

        // Tenant c has a competency only; a's team, role and competencies are unknown there.
        String c = newTenant();
        call(stubs.async()::importFramework, ImportFrameworkRequest.newBuilder().setTenantId(c)
                .setFramework(Framework.newBuilder().setId("fw").setName("Other")).addScale(level(1, "one"))
                .addCompetencies(competency("own", "Own", "")).build());
        call(stubs.async()::importTeams, ImportTeamsRequest.newBuilder().setTenantId(c)
                .addTeams(Team.newBuilder().setId("t-c").setName("C")).build());
        Map<String, Long> before = fingerprint(c);
        expectFailure(team(c, "t-1"), Status.Code.NOT_FOUND, "team_id: unknown team \"t-1\"");
        expectFailure(role(c, "dev"), Status.Code.NOT_FOUND, "role_id: unknown role \"dev\"");
        expectFailure(team(c, "t-c").addRequirements(requirement("java", 1, Importance.IMPORTANCE_ESSENTIAL)),
                Status.Code.NOT_FOUND, "requirements[0].competency_id: unknown competency \"java\"");
        expectFailure(team(c, "t-c").addRequirements(requirement("own", 3, Importance.IMPORTANCE_ESSENTIAL)),
                Status.Code.INVALID_ARGUMENT,
                "requirements[0].required_level: 3 is not on the tenant's proficiency scale");
        assertThat(fingerprint(c)).isEqualTo(before);
        assertThat(teamRequirements(a)).containsExactly("t-1/java/4/ESSENTIAL");
    }

    static Stream<Arguments> badRequests() {
        List<CompetencyRequirement> tooMany = IntStream.range(0, 501)
                .mapToObj(i -> requirement("c-" + i, 1, Importance.IMPORTANCE_ESSENTIAL)).toList();
        return Stream.of(
                bad("no tenant id", team("", "t-1"), Status.Code.INVALID_ARGUMENT, "tenant_id: required"),
                bad("malformed tenant id", team("a b", "t-1"), Status.Code.INVALID_ARGUMENT, "tenant_id: 1 to 64"),
                bad("actor too long", team(BASE, "t-1").setActor("x".repeat(201)), Status.Code.INVALID_ARGUMENT,
                        "actor: at most 200 characters"),
                bad("no target", SetCompetencyRequirementsRequest.newBuilder().setTenantId(BASE),
                        Status.Code.INVALID_ARGUMENT, "role_id: exactly one of role_id and team_id"),
                bad("blank role id", role(BASE, "  "), Status.Code.INVALID_ARGUMENT, "role_id: required (not blank)"),
                bad("too many requirements", team(BASE, "t-1").addAllRequirements(tooMany),
                        Status.Code.INVALID_ARGUMENT, "requirements: at most 500, was 501"),
                bad("blank competency id", team(BASE, "t-1")
                        .addRequirements(requirement("java", 1, Importance.IMPORTANCE_ESSENTIAL))
                        .addRequirements(requirement(" ", 1, Importance.IMPORTANCE_ESSENTIAL)),
                        Status.Code.INVALID_ARGUMENT, "requirements[1].competency_id: required (not blank)"),
                bad("competency twice", team(BASE, "t-1")
                        .addRequirements(requirement("java", 1, Importance.IMPORTANCE_ESSENTIAL))
                        .addRequirements(requirement("java", 2, Importance.IMPORTANCE_ESSENTIAL)),
                        Status.Code.INVALID_ARGUMENT, "requirements[1].competency_id: \"java\" sent twice"),
                bad("level 0", team(BASE, "t-1")
                        .addRequirements(requirement("java", 0, Importance.IMPORTANCE_ESSENTIAL)),
                        Status.Code.INVALID_ARGUMENT, "requirements[0].required_level: 1 to 10, was 0"),
                bad("level off the scale", role(BASE, "dev")
                        .addRequirements(requirement("java", 1, Importance.IMPORTANCE_ESSENTIAL))
                        .addRequirements(requirement("sql", 5, Importance.IMPORTANCE_ESSENTIAL)),
                        Status.Code.INVALID_ARGUMENT, "requirements[1].required_level: 5 is not on the tenant's"),
                bad("unknown competency", role(BASE, "dev")
                        .addRequirements(requirement("java", 1, Importance.IMPORTANCE_ESSENTIAL))
                        .addRequirements(requirement("rust", 1, Importance.IMPORTANCE_ESSENTIAL)),
                        Status.Code.NOT_FOUND, "requirements[1].competency_id: unknown competency \"rust\""),
                bad("unknown role", role(BASE, "cto"), Status.Code.NOT_FOUND, "role_id: unknown role \"cto\""),
                bad("unknown team", team(BASE, "t-404"), Status.Code.NOT_FOUND, "team_id: unknown team \"t-404\""),
                bad("unknown tenant", team("nobody", "t-1"), Status.Code.NOT_FOUND, "team_id: unknown team"),
                bad("hostile team id", team(BASE, "t-1' OR '1'='1"), Status.Code.NOT_FOUND,
                        "team_id: unknown team \"t-1' OR '1'='1\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badRequestsFailNamingTheFieldAndStoreNothing(String name, SetCompetencyRequirementsRequest.Builder request,
            Status.Code code, String message) {
        // Something stored first, so a failed replace visibly keeps it.
        stubs.blocking().setCompetencyRequirements(team(BASE, "t-1")
                .addRequirements(requirement("comm", 2, Importance.IMPORTANCE_ESSENTIAL)).build());
        Map<String, Long> before = fingerprint(BASE);
        List<String> teamBefore = teamRequirements(BASE);
        List<String> roleBefore = roleRequirements(BASE);
        expectFailure(request, code, message);
        assertThat(fingerprint(BASE)).as(name).isEqualTo(before);
        assertThat(teamRequirements(BASE)).as(name).isEqualTo(teamBefore).containsExactly("t-1/comm/2/ESSENTIAL");
        assertThat(roleRequirements(BASE)).as(name).isEqualTo(roleBefore);
        assertThat(jdbc.sql("SELECT count(*) FROM company.tenant WHERE id IN ('nobody', 'a b', '')")
                .query(Long.class).single()).isZero();
    }

    // ---- helpers ----

    private void expectFailure(SetCompetencyRequirementsRequest.Builder request, Status.Code code, String message) {
        assertThatThrownBy(() -> stubs.blocking().setCompetencyRequirements(request.build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(code);
                    assertThat(e.getStatus().getDescription()).startsWith(message);
                });
    }

    private static Arguments bad(String name, SetCompetencyRequirementsRequest.Builder request, Status.Code code,
            String message) {
        return Arguments.of(name, request, code, message);
    }

    private static SetCompetencyRequirementsRequest.Builder team(String tenant, String team) {
        return SetCompetencyRequirementsRequest.newBuilder().setTenantId(tenant).setTeamId(team);
    }

    private static SetCompetencyRequirementsRequest.Builder role(String tenant, String role) {
        return SetCompetencyRequirementsRequest.newBuilder().setTenantId(tenant).setRoleId(role);
    }

    private List<String> teamRequirements(String tenant) {
        return jdbc.sql("SELECT team_id || '/' || competency_id || '/' || required_level || '/' || importance "
                + "FROM company.team_competency_requirement WHERE tenant_id = ? ORDER BY 1").param(tenant)
                .query(String.class).list();
    }

    private List<String> roleRequirements(String tenant) {
        return jdbc.sql("SELECT role_id || '/' || competency_id || '/' || required_level || '/' || importance "
                + "FROM company.role_competency_requirement WHERE tenant_id = ? ORDER BY 1").param(tenant)
                .query(String.class).list();
    }

    /** Row counts of every table that holds the tenant's data, and its audit log. */
    private Map<String, Long> fingerprint(String tenant) {
        Map<String, Long> counts = new TreeMap<>();
        for (String table : List.of("tenant", "proficiency_level", "competency", "role", "role_competency_requirement",
                "team", "team_competency_requirement", "employee", "audit_log")) {
            String column = table.equals("tenant") ? "id" : "tenant_id";
            counts.put(table, jdbc.sql("SELECT count(*) FROM company." + table + " WHERE " + column + " = ?")
                    .param(tenant).query(Long.class).single());
        }
        return counts;
    }

    private long auditCount(String tenant) {
        return jdbc.sql("SELECT count(*) FROM company.audit_log WHERE tenant_id = ?").param(tenant)
                .query(Long.class).single();
    }

    /** A framework of four competencies on a four-level scale, roles dev and lead, team t-1 with one employee. */
    private void importCompany(String tenant) {
        call(stubs.async()::importFramework, ImportFrameworkRequest.newBuilder().setTenantId(tenant)
                .setActor("hr-admin")
                .setFramework(Framework.newBuilder().setId("fw").setName("Engineering"))
                .addScale(level(1, "beginner")).addScale(level(2, "intermediate"))
                .addScale(level(3, "advanced")).addScale(level(4, "expert"))
                .addCompetencies(competency("lang", "Languages", ""))
                .addCompetencies(competency("java", "Java", "lang"))
                .addCompetencies(competency("sql", "SQL", "lang"))
                .addCompetencies(competency("comm", "Communication", "")).build());
        call(stubs.async()::importRoles, ImportRolesRequest.newBuilder().setTenantId(tenant)
                .addRoles(Role.newBuilder().setId("dev").setName("Developer")
                        .addRequirements(requirement("java", 3, Importance.IMPORTANCE_ESSENTIAL))
                        .addRequirements(requirement("comm", 2, Importance.IMPORTANCE_OPTIONAL)))
                .addRoles(Role.newBuilder().setId("lead").setName("Team lead")).build());
        call(stubs.async()::importTeams, ImportTeamsRequest.newBuilder().setTenantId(tenant)
                .addTeams(Team.newBuilder().setId("t-1").setName("Platform")).build());
        call(stubs.async()::importEmployees, ImportEmployeesRequest.newBuilder().setTenantId(tenant)
                .addEmployees(Employee.newBuilder().setId("e-1").setRoleId("dev").setTeamId("t-1")).build());
    }

    private static String newTenant() {
        return "r" + TENANTS.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
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

}
