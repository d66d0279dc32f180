package dev.upskill.journey.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upskill.journey.data.CompanyImports;
import dev.upskill.journey.data.CompanyImports.Employee;
import dev.upskill.journey.data.CompanyImports.Team;
import dev.upskill.journey.data.CourseCatalog;
import dev.upskill.journey.data.FeedbackRepository;
import dev.upskill.journey.data.FeedbackRepository.Feedback;
import dev.upskill.journey.data.RequirementsRepository;
import dev.upskill.journey.data.RequirementsRepository.Requirement;
import dev.upskill.journey.esco.EscoImport;
import dev.upskill.journey.identity.CamundaIds;
import dev.upskill.journey.process.Journeys;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.task.Task;
import org.camunda.spin.plugin.variable.SpinValues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The demo company ({@code upskill.journey.demo=true}, which {@code bin/start} sets): loads tenant {@value #TENANT}
 * through the same data layer the gRPC API uses, then starts three journeys and drives them, on the engine's own
 * workers, to different stages. Every step is an upsert or checks what is there first, so a second start changes
 * nothing and a start interrupted half-way finishes the job. Logs {@value #READY} when done.
 *
 * <ul>
 *   <li>an ESCO framework: four occupations (data analyst, software developer, project manager, customer service
 *       representative) and their skills, plus the skills the inference server's demo catalog is tagged with, from
 *       the subset in {@code demo/esco/} imported by {@link EscoImport};</li>
 *   <li>three teams with managers, 20 employees, one HR employee ({@code hana}; HR is configuration:
 *       {@code upskill.journey.hr-users=demo:hana}), team requirements the starter question bank has questions for,
 *       feedback (manager reviews and 360s);</li>
 *   <li>the inference server's demo catalog (its {@code catalog.jsonl}, packaged under {@code demo/}), imported by
 *       {@link CourseCatalog} so the catalog sync pushes it with the engine's competency ids;</li>
 *   <li>journeys: Ann waiting at her assessment, Omar's learning path waiting for his manager's review (Nora), Tom
 *       working on his approved learning path.</li>
 * </ul>
 */
@Component
@ConditionalOnProperty(name = "upskill.journey.demo", havingValue = "true")
public class DemoCompany implements ApplicationRunner {

    static final String TENANT = "demo";
    static final String TENANT_NAME = "Demo Company";
    static final String ACTOR = "demo";
    static final String READY = "demo company ready";
    static final String ESCO = "esco:skill/";
    static final String SQL = ESCO + "598de5b0-5b58-4ea7-8058-a4bc4d18c742";
    static final String PYTHON = ESCO + "ccd0a1d9-afda-43d9-b901-96344886e14d";
    static final String INTERPRET_DATA = ESCO + "1e77e42a-181f-4b48-8e74-201ce50ffc29";
    static final String COMMUNICATION = ESCO + "15d76317-c71a-4fa2-aadc-2ecc34e627b7";
    static final String CUSTOMERS = ESCO + "0da516ee-e70e-4384-be13-f5ff80be8127";
    static final String PROJECT_MANAGEMENT = ESCO + "7111b95d-0ce3-441a-9d92-4c75d05c4388";
    static final String STAKEHOLDERS = ESCO + "87de6e49-ca1c-42a4-8751-5ff0b991966b";
    static final String DATA_ANALYST = "esco:occupation/d3edb8f8-3a06-47a0-8fb9-9b212c006aa2";
    static final String DEVELOPER = "esco:occupation/f2b15a0e-e65a-438a-affb-29b9d50b77d1";
    static final String PROJECT_MANAGER = "esco:occupation/bea99fea-0383-4c63-b944-70d4799de2c5";
    static final String SERVICE_REP = "esco:occupation/13d1b2b4-99dd-44da-9734-c9f74bae18f7";
    static final List<String> ESCO_FILES = List.of("skills_en.csv", "occupations_en.csv",
            "occupationSkillRelations.csv");
    /** The user tasks of a journey in the order it reaches them. */
    static final List<String> STAGES = List.of("take-assessment", "review-learning-path", "work-on-learning-path");
    static final Duration STAGE_TIMEOUT = Duration.ofMinutes(3);

    private static final Logger log = LoggerFactory.getLogger(DemoCompany.class);

    private record Person(String id, String name, String role, String team, String manager) {
    }

    private static final List<Person> PEOPLE = List.of(
            new Person("clara", "Clara Schmidt", PROJECT_MANAGER, null, null),
            new Person("hana", "Hana Kim", null, null, "clara"),
            new Person("max", "Max Becker", PROJECT_MANAGER, null, "clara"),
            new Person("nora", "Nora Lindqvist", PROJECT_MANAGER, null, "clara"),
            new Person("lena", "Lena Rossi", PROJECT_MANAGER, null, "clara"),
            new Person("ann", "Ann Meyer", DATA_ANALYST, "data", "max"),
            new Person("ben", "Ben Okafor", DATA_ANALYST, "data", "max"),
            new Person("carla", "Carla Diaz", DATA_ANALYST, "data", "max"),
            new Person("dev", "Dev Patel", DEVELOPER, "data", "max"),
            new Person("eva", "Eva Novak", DATA_ANALYST, "data", "max"),
            new Person("omar", "Omar Haddad", DEVELOPER, "eng", "nora"),
            new Person("paul", "Paul Martin", DEVELOPER, "eng", "nora"),
            new Person("quinn", "Quinn Walsh", DEVELOPER, "eng", "nora"),
            new Person("rosa", "Rosa Ferreira", DEVELOPER, "eng", "nora"),
            new Person("sam", "Sam Taylor", PROJECT_MANAGER, "eng", "nora"),
            new Person("tom", "Tom Nguyen", SERVICE_REP, "cs", "lena"),
            new Person("uma", "Uma Raman", SERVICE_REP, "cs", "lena"),
            new Person("vic", "Vic Hansen", SERVICE_REP, "cs", "lena"),
            new Person("will", "Will Brown", SERVICE_REP, "cs", "lena"),
            new Person("yara", "Yara Costa", SERVICE_REP, "cs", "lena"));

    private static final List<Team> TEAMS = List.of(
            new Team("data", "Data & Analytics", "max"),
            new Team("eng", "Engineering", "nora"),
            new Team("cs", "Customer Service", "lena"));

    /** employee -> the user task their journey is driven to. */
    private static final Map<String, String> JOURNEYS = new LinkedHashMap<>();

    static {
        JOURNEYS.put("ann", "take-assessment");
        JOURNEYS.put("omar", "review-learning-path");
        JOURNEYS.put("tom", "work-on-learning-path");
    }

    private final EscoImport esco;
    private final CompanyImports imports;
    private final RequirementsRepository requirements;
    private final FeedbackRepository feedback;
    private final CourseCatalog courses;
    private final Journeys journeys;
    private final TaskService tasks;
    private final IdentityService identity;
    private final HistoryService history;
    private final JdbcClient jdbc;
    private final ObjectMapper json;

    public DemoCompany(EscoImport esco, CompanyImports imports, RequirementsRepository requirements,
            FeedbackRepository feedback, CourseCatalog courses, Journeys journeys, TaskService tasks,
            IdentityService identity, HistoryService history, JdbcClient jdbc, ObjectMapper json) {
        this.esco = esco;
        this.imports = imports;
        this.requirements = requirements;
        this.feedback = feedback;
        this.courses = courses;
        this.journeys = journeys;
        this.tasks = tasks;
        this.identity = identity;
        this.history = history;
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException, InterruptedException {
        long start = System.nanoTime();
        importFramework();
        importPeople();
        requirements.set(TENANT, ACTOR, new RequirementsRepository.Target(null, "data"), List.of(
                new Requirement(SQL, 3, "ESSENTIAL"), new Requirement(INTERPRET_DATA, 3, "ESSENTIAL"),
                new Requirement(PYTHON, 2, "OPTIONAL")));
        requirements.set(TENANT, ACTOR, new RequirementsRepository.Target(null, "cs"), List.of(
                new Requirement(COMMUNICATION, 3, "ESSENTIAL"), new Requirement(CUSTOMERS, 3, "ESSENTIAL")));
        importFeedback();
        CompanyImports.ImportCounts catalog = courses.importCourses(TENANT, TENANT_NAME, ACTOR, catalog());
        log.info("demo: {} courses ({})", catalog.created() + catalog.updated() + catalog.unchanged(), catalog);
        if (!await("the catalog pushed to the inference server", Duration.ofMinutes(2), this::catalogSynced)) {
            log.warn("demo: the catalog is not on the inference server yet (is it running on the configured"
                    + " address?); learning-path proposals will wait for it");
        }
        List<String> started = new ArrayList<>();
        for (String employee : JOURNEYS.keySet()) {
            // A journey that ended (say Ann finished hers in Tasklist) is not started again.
            if (history.createHistoricProcessInstanceQuery().processDefinitionKey(Journeys.PROCESS_KEY)
                    .processInstanceBusinessKey(employee).tenantIdIn(TENANT).finished().count() > 0) {
                log.info("demo: the journey of {} has ended", employee);
                continue;
            }
            Journeys.Started journey = journeys.start(TENANT, employee, ACTOR);
            log.info("demo: journey of {} {} ({})", employee, journey.started() ? "started" : "running",
                    journey.processInstanceId());
            started.add(employee);
        }
        for (String employee : started) {
            drive(employee, JOURNEYS.get(employee));
        }
        log.info("{}: tenant '{}', {} employees, journeys {} (in {} ms)", READY, TENANT, PEOPLE.size(),
                JOURNEYS, (System.nanoTime() - start) / 1_000_000);
    }

    /** The ESCO subset in {@code demo/esco/} (a classpath resource), copied to a directory for {@link EscoImport}. */
    private void importFramework() throws IOException {
        Path dir = Files.createTempDirectory("upskill-demo-esco");
        try {
            for (String file : ESCO_FILES) {
                try (InputStream in = resource("demo/esco/" + file)) {
                    Files.copy(in, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            EscoImport.Result r = esco.importDirectory(TENANT, TENANT_NAME, ACTOR, dir.toString(), List.of(),
                    EscoImport.DEFAULT_FRAMEWORK_ID);
            log.info("demo: ESCO subset: competencies {}, roles {}", r.competencies(), r.roles());
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** Teams first without the managers who are not employees yet, then the employees, then the teams' managers. */
    private void importPeople() {
        Set<String> stored = Set.copyOf(jdbc.sql("SELECT id FROM company.employee WHERE tenant_id = ?")
                .param(TENANT).query(String.class).list());
        imports.importTeams(TENANT, TENANT_NAME, ACTOR, TEAMS.stream()
                .map(t -> stored.contains(t.managerId()) ? t : new Team(t.id(), t.name(), null)).toList());
        imports.importEmployees(TENANT, TENANT_NAME, ACTOR, PEOPLE.stream()
                .map(p -> new Employee(p.id(), p.id() + "@demo.example.com", p.name(), p.role(), p.team(),
                        p.manager(), true))
                .toList());
        imports.importTeams(TENANT, TENANT_NAME, ACTOR, TEAMS);
    }

    /** Feedback is not keyed by the company, so it is added only to a tenant that has none. */
    private void importFeedback() {
        long stored = jdbc.sql("SELECT count(*) FROM company.feedback WHERE tenant_id = ?").param(TENANT)
                .query(Long.class).single();
        if (stored > 0) {
            return;
        }
        String today = LocalDate.now().toString();
        List<Feedback> all = List.of(
                new Feedback("ann", "max", "MANAGER_REVIEW", 3.0, "Ann's dashboards are clear and well liked. Her"
                        + " SQL needs to improve: her queries are slow and she struggles with joins and window"
                        + " functions.", List.of(SQL), today),
                new Feedback("ann", null, "360", 4.0, "Great at explaining numbers to the business; she could"
                        + " interpret trends in the data with more confidence.", List.of(INTERPRET_DATA), today),
                new Feedback("ann", null, "360", 3.5, "Always helpful. Automating her reports in Python would save"
                        + " her hours every week.", List.of(PYTHON), today),
                new Feedback("ben", "max", "MANAGER_REVIEW", 4.5, "Excellent analyst, strong in SQL and statistics.",
                        List.of(SQL), today),
                new Feedback("omar", "nora", "MANAGER_REVIEW", 3.0, "Omar writes solid code, but he lacks project"
                        + " management skills: estimates slip and he does not plan his work.",
                        List.of(PROJECT_MANAGEMENT), today),
                new Feedback("omar", null, "360", 3.0, "He needs to improve how he negotiates scope with"
                        + " stakeholders.", List.of(STAKEHOLDERS), today),
                new Feedback("paul", "nora", "MANAGER_REVIEW", 4.0, "Reliable and on time.", List.of(), today),
                new Feedback("tom", "lena", "MANAGER_REVIEW", 2.5, "Tom is friendly, but his written communication"
                        + " with customers is not clear enough and complaints escalate.", List.of(COMMUNICATION,
                        CUSTOMERS), today),
                new Feedback("tom", null, "360", 3.0, "Tom could listen more before answering a customer.",
                        List.of(CUSTOMERS), today),
                new Feedback("uma", "lena", "MANAGER_REVIEW", 4.5, "Customers love Uma: excellent communicator.",
                        List.of(COMMUNICATION), today));
        all.forEach(f -> feedback.submit(TENANT, ACTOR, f));
        log.info("demo: {} feedback items", all.size());
    }

    /** The inference server's demo catalog with the competencies under the engine's ids ({@link EscoImport#idOf}). */
    List<CourseCatalog.Course> catalog() throws IOException {
        List<CourseCatalog.Course> list = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(resource("demo/catalog.jsonl"),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode c = json.readTree(line);
                List<String> competencies = new ArrayList<>();
                c.path("competencyIds").forEach(id -> competencies.add(EscoImport.idOf(id.asText())));
                list.add(new CourseCatalog.Course(c.path("id").asText(), c.path("title").asText(),
                        c.path("description").asText(""), c.path("provider").asText(""), c.path("url").asText(""),
                        c.path("language").asText("en"), c.path("level").asText("LEVEL_UNSPECIFIED")
                                .replaceFirst("^LEVEL_", ""),
                        c.path("durationMinutes").asInt(), c.path("format").asText("COURSE_FORMAT_UNSPECIFIED")
                                .replaceFirst("^COURSE_FORMAT_", ""),
                        competencies, c.has("rating") ? (float) c.path("rating").asDouble() : null,
                        c.path("ratingCount").asLong()));
            }
        }
        return list;
    }

    private boolean catalogSynced() {
        return jdbc.sql("""
                SELECT t.catalog_framework_synced_at IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM company.course c WHERE c.tenant_id = t.id
                                   AND (c.catalog_synced_at IS NULL OR c.catalog_synced_at < c.updated_at))
                FROM company.tenant t WHERE t.id = ?""").param(TENANT).query(Boolean.class).single();
    }

    /**
     * Completes the employee's user tasks, as the people they belong to would, until the journey waits at
     * {@code target}. A journey already there or further (say Ann answered her assessment in Tasklist) is left alone.
     */
    private void drive(String employee, String target) throws InterruptedException {
        int goal = STAGES.indexOf(target);
        long deadline = System.nanoTime() + STAGE_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (history.createHistoricProcessInstanceQuery().processDefinitionKey(Journeys.PROCESS_KEY)
                    .processInstanceBusinessKey(employee).tenantIdIn(TENANT).unfinished().count() == 0) {
                return; // ended meanwhile
            }
            Task task = tasks.createTaskQuery().tenantIdIn(TENANT).processInstanceBusinessKey(employee)
                    .active().list().stream().filter(t -> STAGES.contains(t.getTaskDefinitionKey()))
                    .min(Comparator.comparing(t -> STAGES.indexOf(t.getTaskDefinitionKey()))).orElse(null);
            if (task == null) {
                Thread.sleep(250); // a worker's step is running
                continue;
            }
            int stage = STAGES.indexOf(task.getTaskDefinitionKey());
            if (stage >= goal) {
                log.info("demo: {}'s journey waits at {}", employee, task.getTaskDefinitionKey());
                return;
            }
            if (stage == 0) {
                complete(task, CamundaIds.user(TENANT, employee), Map.of("answers",
                        SpinValues.jsonValue(answers(employee)).create()));
            } else {
                String manager = PEOPLE.stream().filter(p -> p.id().equals(employee)).findFirst().orElseThrow()
                        .manager();
                complete(task, CamundaIds.user(TENANT, manager), Map.of("reviewComment",
                        "Approved for the demo."));
            }
            deadline = System.nanoTime() + STAGE_TIMEOUT.toNanos();
        }
        log.warn("demo: {}'s journey did not reach {} within {} (see Cockpit for incidents)", employee, target,
                STAGE_TIMEOUT);
    }

    /** The form's answers: multiple-choice questions of the latest session right, free-text ones left empty. */
    private String answers(String employee) {
        Map<String, String> fields = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT q.position, q.correct_option FROM company.assessment_question q
                WHERE q.tenant_id = ? AND q.type = 'MULTIPLE_CHOICE'
                  AND q.session_id = (SELECT max(id) FROM company.assessment_session
                                      WHERE tenant_id = ? AND employee_id = ?)""")
                .param(TENANT).param(TENANT).param(employee)
                .query((rs, n) -> fields.put("choice" + rs.getInt(1), Integer.toString(rs.getInt(2))))
                .list();
        try {
            return json.writeValueAsString(fields);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Completes the task as {@code user}, with the user's groups and tenant, so the operation log names them. */
    private void complete(Task task, String user, Map<String, Object> variables) {
        List<String> groups = identity.createGroupQuery().groupMember(user).list().stream().map(Group::getId)
                .collect(Collectors.toList());
        identity.setAuthentication(user, groups, List.of(TENANT));
        try {
            tasks.complete(task.getId(), variables);
        } finally {
            identity.clearAuthentication();
        }
        log.info("demo: {} completed {} ({})", user, task.getTaskDefinitionKey(), task.getId());
    }

    private static InputStream resource(String name) {
        InputStream in = DemoCompany.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("demo data " + name + " is missing from the classpath");
        }
        return in;
    }

    private static boolean await(String what, Duration timeout, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(500);
        }
        log.info("demo: {}", what);
        return true;
    }
}
