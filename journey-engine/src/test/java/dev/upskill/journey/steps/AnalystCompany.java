package dev.upskill.journey.steps;

import static dev.upskill.journey.ImportStreams.call;
import static dev.upskill.journey.steps.Awaits.await;

import dev.upskill.proto.v1.CompetencyRequirement;
import dev.upskill.proto.v1.Course;
import dev.upskill.proto.v1.Employee;
import dev.upskill.proto.v1.Framework;
import dev.upskill.proto.v1.FrameworkCompetency;
import dev.upskill.proto.v1.ImportCoursesRequest;
import dev.upskill.proto.v1.ImportEmployeesRequest;
import dev.upskill.proto.v1.ImportFrameworkRequest;
import dev.upskill.proto.v1.ImportRolesRequest;
import dev.upskill.proto.v1.ImportTeamsRequest;
import dev.upskill.proto.v1.Importance;
import dev.upskill.proto.v1.JourneyServiceGrpc;
import dev.upskill.proto.v1.ProficiencyLevel;
import dev.upskill.proto.v1.Role;
import dev.upskill.proto.v1.Team;
import io.grpc.Channel;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A small company for whole-journey tests, imported over JourneyService: a 4-level scale and SQL (which the starter
 * question bank covers), the role "Data analyst" requiring SQL 3 (essential), Ann Analyst ({@code ann}) in team
 * {@code data} managed by Max Manager ({@code max}), and two SQL courses ({@code sql-joins}, {@code sql-window}) synced
 * to the inference server's catalog.
 */
final class AnalystCompany {

    private AnalystCompany() {
    }

    /** Imports the company as {@code tenant} and waits until the catalog sync has pushed both courses. */
    static void importInto(Channel channel, JdbcClient jdbc, String tenant) {
        JourneyServiceGrpc.JourneyServiceStub async = JourneyServiceGrpc.newStub(channel);
        call(async::importFramework, ImportFrameworkRequest.newBuilder().setTenantId(tenant)
                .setFramework(Framework.newBuilder().setId("fw").setName("Data"))
                .addScale(ProficiencyLevel.newBuilder().setLevel(1).setName("beginner"))
                .addScale(ProficiencyLevel.newBuilder().setLevel(2).setName("intermediate"))
                .addScale(ProficiencyLevel.newBuilder().setLevel(3).setName("advanced"))
                .addScale(ProficiencyLevel.newBuilder().setLevel(4).setName("expert"))
                .addCompetencies(FrameworkCompetency.newBuilder().setId("sql").setName("SQL")
                        .setDescription("Writing SQL queries against relational databases"))
                .build());
        call(async::importRoles, ImportRolesRequest.newBuilder().setTenantId(tenant)
                .addRoles(Role.newBuilder().setId("analyst").setName("Data analyst")
                        .addRequirements(CompetencyRequirement.newBuilder().setCompetencyId("sql").setRequiredLevel(3)
                                .setImportance(Importance.IMPORTANCE_ESSENTIAL)))
                .build());
        call(async::importTeams, ImportTeamsRequest.newBuilder().setTenantId(tenant)
                .addTeams(Team.newBuilder().setId("data").setName("Data")).build());
        call(async::importEmployees, ImportEmployeesRequest.newBuilder().setTenantId(tenant)
                .addEmployees(Employee.newBuilder().setId("ann").setDisplayName("Ann Analyst").setRoleId("analyst")
                        .setTeamId("data").setManagerId("max"))
                .addEmployees(Employee.newBuilder().setId("max").setDisplayName("Max Manager").setTeamId("data"))
                .build());
        call(async::importTeams, ImportTeamsRequest.newBuilder().setTenantId(tenant)
                .addTeams(Team.newBuilder().setId("data").setName("Data").setManagerId("max")).build());
        call(async::importCourses, ImportCoursesRequest.newBuilder().setTenantId(tenant)
                .addCourses(Course.newBuilder().setId("sql-joins").setTitle("SQL joins and subqueries")
                        .setDescription("Write SQL queries that join tables in a relational database")
                        .setLanguage("en").setUrl("https://learn.example/sql-joins"))
                .addCourses(Course.newBuilder().setId("sql-window").setTitle("Advanced SQL: window functions")
                        .setDescription("Analytical SQL queries with window functions").setLanguage("en")
                        .setUrl("https://learn.example/sql-window"))
                .build());
        await("the catalog sync", () -> jdbc.sql("""
                SELECT count(*) FROM company.course WHERE tenant_id = ? AND catalog_synced_at IS NOT NULL""")
                .param(tenant).query(Long.class).single() == 2);
    }
}
