package dev.upskill.benchmarks.journey;

import dev.upskill.client.journey.JourneyClient;
import dev.upskill.proto.v1.CompetencyRequirement;
import dev.upskill.proto.v1.Course;
import dev.upskill.proto.v1.Employee;
import dev.upskill.proto.v1.Framework;
import dev.upskill.proto.v1.FrameworkCompetency;
import dev.upskill.proto.v1.Importance;
import dev.upskill.proto.v1.ProficiencyLevel;
import dev.upskill.proto.v1.Role;
import dev.upskill.proto.v1.Team;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The benchmark's own company, imported over JourneyService so each run starts from a known state in a tenant of
 * its own: a 4-level scale and SQL (which the engine's starter question bank covers), the role "Data analyst"
 * requiring SQL 3 (essential), {@code employees} analysts {@code e1, e2, ...} in teams of {@code teamSize}, each team
 * with a manager {@code m1, m2, ...}, and a few SQL courses for the learning paths.
 *
 * @param tenant the company's tenant id
 * @param employees how many employees get a journey
 * @param teamSize analysts per team (and per manager)
 */
record BenchCompany(String tenant, int employees, int teamSize) {

    BenchCompany {
        if (employees < 1 || teamSize < 1) {
            throw new IllegalArgumentException("employees and team size must be at least 1");
        }
    }

    String employee(int i) {
        return "e" + (i + 1);
    }

    private int teams() {
        return (employees + teamSize - 1) / teamSize;
    }

    List<String> employeeIds() {
        return IntStream.range(0, employees).mapToObj(this::employee).toList();
    }

    /**
     * Imports the framework, role, teams, people (each an engine user with the engine's initial password) and
     * courses, timing each import in {@code timings}. Teams get their managers in a second import, once the
     * managers exist as employees.
     */
    void importInto(JourneyClient journeys, RpcTimings timings) {
        timings.time("ImportFramework", () -> journeys.importFramework(tenant,
                Framework.newBuilder().setId("fw").setName("Data").build(),
                List.of(level(1, "beginner"), level(2, "intermediate"), level(3, "advanced"), level(4, "expert")),
                List.of(FrameworkCompetency.newBuilder().setId("sql").setName("SQL")
                        .setDescription("Writing SQL queries against relational databases").build())));
        timings.time("ImportRoles", () -> journeys.importRoles(tenant, List.of(Role.newBuilder().setId("analyst")
                .setName("Data analyst").addRequirements(CompetencyRequirement.newBuilder().setCompetencyId("sql")
                        .setRequiredLevel(3).setImportance(Importance.IMPORTANCE_ESSENTIAL)).build())));
        timings.time("ImportTeams", () -> journeys.importTeams(tenant, teams(false)));
        List<Employee> people = new ArrayList<>();
        for (int t = 0; t < teams(); t++) {
            people.add(Employee.newBuilder().setId(manager(t)).setDisplayName("Manager " + (t + 1))
                    .setTeamId(team(t)).build());
        }
        for (int i = 0; i < employees; i++) {
            int t = i / teamSize;
            people.add(Employee.newBuilder().setId(employee(i)).setDisplayName("Analyst " + (i + 1))
                    .setRoleId("analyst").setTeamId(team(t)).setManagerId(manager(t)).build());
        }
        timings.time("ImportEmployees", () -> journeys.importEmployees(tenant, people));
        timings.time("ImportTeams", () -> journeys.importTeams(tenant, teams(true)));
        timings.time("ImportCourses", () -> journeys.importCourses(tenant, courses()));
    }

    /** The manager who reviews {@code employee}'s learning path. */
    String manager(String employee) {
        return manager((Integer.parseInt(employee.substring(1)) - 1) / teamSize);
    }

    private static String manager(int team) {
        return "m" + (team + 1);
    }

    private static String team(int team) {
        return "t" + (team + 1);
    }

    private List<Team> teams(boolean withManagers) {
        List<Team> teams = new ArrayList<>();
        for (int t = 0; t < teams(); t++) {
            Team.Builder team = Team.newBuilder().setId(team(t)).setName("Team " + (t + 1));
            if (withManagers) {
                team.setManagerId(manager(t));
            }
            teams.add(team.build());
        }
        return teams;
    }

    private static ProficiencyLevel level(int level, String name) {
        return ProficiencyLevel.newBuilder().setLevel(level).setName(name).build();
    }

    static List<Course> courses() {
        String[][] courses = {
                {"sql-basics", "SQL basics", "Select, filter and sort rows of a relational database with SQL"},
                {"sql-joins", "SQL joins and subqueries",
                        "Write SQL queries that join tables in a relational database"},
                {"sql-window", "Advanced SQL: window functions", "Analytical SQL queries with window functions"},
                {"sql-tuning", "SQL query tuning", "Read query plans and index tables so SQL queries run fast"}};
        return Arrays.stream(courses).map(c -> Course.newBuilder().setId(c[0]).setTitle(c[1])
                .setDescription(c[2]).setLanguage("en").setUrl("https://learn.example/" + c[0]).build()).toList();
    }
}
