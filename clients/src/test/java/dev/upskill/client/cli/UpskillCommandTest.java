package dev.upskill.client.cli;

import com.google.protobuf.util.JsonFormat;
import dev.upskill.client.FakeCatalogService;
import dev.upskill.proto.v1.Course;
import dev.upskill.proto.v1.CourseHit;
import dev.upskill.proto.v1.HitExplanation;
import dev.upskill.proto.v1.Level;
import dev.upskill.proto.v1.SearchCoursesRequest;
import dev.upskill.proto.v1.SearchCoursesResponse;
import dev.upskill.proto.v1.SearchMode;
import dev.upskill.proto.v1.UpsertCoursesRequest;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CLI end to end against a fake catalog service on an in-process channel: arguments, exit codes, what
 * is sent and what is printed. (Behaviour of the real service is the server's tests' business.)
 */
class UpskillCommandTest {

    private static final String HEADER = "id,title,description,provider,url,language,level,duration_minutes,format,"
            + "competency_ids,rating,rating_count\n";

    @TempDir
    Path dir;

    private final FakeCatalogService fake = new FakeCatalogService();
    private final List<String> addresses = new CopyOnWriteArrayList<>();
    private final CapturedConsole console = new CapturedConsole();
    private String serverName;
    private Server server;

    @BeforeEach
    void startServer() throws IOException {
        serverName = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(serverName).addService(fake).build().start();
    }

    @AfterEach
    void stopServer() {
        server.shutdownNow();
    }

    /** Runs {@code upskill args...}; every address reaches the fake server (and is recorded). */
    private int run(String... args) {
        ChannelFactory inProcess = endpoint -> {
            addresses.add(endpoint.addresses());
            String name = endpoint.addresses().equals("nowhere:1") ? "no-such-server" : serverName;
            return InProcessChannelBuilder.forName(name).build();
        };
        return console.run(inProcess, args);
    }

    private String out() {
        return console.out();
    }

    private String err() {
        return console.err();
    }

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    @Test
    void importsACsvFileSkippingBadLinesAndReportingEveryProblemByLine() throws IOException {
        Path csv = file("courses.csv", HEADER
                + "a,Kubernetes Basics,Pods and services,Northwind,,en,beginner,60,course,esco:1;esco:2,4.5,10\n"
                + "b,Excel Pivot Tables,,BrightPath,,en,guru,90,video,,,\n"
                + "c,SQL Joins,,DataWise,,en,intermediate,45,article,,,\n"
                + "d,Overrated,,Internal,,en,,,,,7.5,3\n"
                + "e,Negotiation,,Summit,,en,advanced,480,workshop,,5.0,2\n");

        int exit = run("catalog", "import", csv.toString(), "--tenant", "acme", "--batch-size", "2");

        assertEquals(3, exit, err());
        assertEquals(List.of("a", "c", "d", "e"), fake.courses().stream().map(Course::getId).toList());
        assertEquals(List.of(2, 2), fake.courseMessages.stream().map(UpsertCoursesRequest::getCoursesCount).toList());
        String report = out();
        assertTrue(report.contains("imported 4 courses into tenant acme"), report);
        assertTrue(report.contains("3 created, 0 updated, 0 unchanged, 1 failed"), report);
        assertTrue(report.contains("skipped 1 lines that could not be read:\n  line 3: level: level 'guru' is not one"),
                report);
        assertTrue(report.contains("the server rejected 1 courses:\n  line 5 (id d): rating: rating 7.5 is above 5"),
                report);
        assertTrue(err().contains("[####################] 100%  5/5 courses"), err());
    }

    @Test
    void importsJsonLinesWithDefaultsAndExitsZeroWhenAllIsStored() throws IOException {
        Path jsonl = file("courses.jsonl", """
                {"id":"a","title":"Git Essentials","level":"LEVEL_BEGINNER"}
                {"id":"b","title":"Docker","durationMinutes":120}
                """);
        assertEquals(0, run("catalog", "import", jsonl.toString(), "-t", "acme"), err());
        assertEquals(1, fake.courseMessages.size());
        assertEquals("acme", fake.courseMessages.get(0).getTenantId());
        assertEquals(List.of("localhost:9090"), addresses);
        // The whole upload is one call: an hour by default, not the 30 s of a search.
        assertTrue(fake.lastDeadlineMillis.get() > 3_000_000, String.valueOf(fake.lastDeadlineMillis.get()));
    }

    @Test
    void globalOptionsWorkBeforeAndAfterTheSubcommand() throws IOException {
        Path jsonl = file("courses.jsonl", "{\"id\":\"a\",\"title\":\"Git\"}\n");
        assertEquals(0, run("--address", "before:1", "catalog", "import", jsonl.toString(), "-t", "acme"), err());
        assertEquals(0, run("catalog", "import", jsonl.toString(), "-t", "acme", "--address", "after:2",
                "--deadline-seconds", "5"), err());
        assertEquals(List.of("before:1", "after:2"), addresses);
        assertTrue(fake.lastDeadlineMillis.get() <= 5_000, String.valueOf(fake.lastDeadlineMillis.get()));
    }

    @Test
    void aCompetencyFileWithABadLineSendsNothing() throws IOException {
        Path jsonl = file("framework.jsonl", """
                {"id":"k1","name":"SQL"}
                {"id":"k2","nmae":"Git"}
                """);
        assertEquals(1, run("catalog", "import", jsonl.toString(), "-t", "acme", "--competencies"));
        assertTrue(out().contains("nothing imported: 1 lines of"), out());
        assertTrue(out().contains("  line 2: "), out());
        assertTrue(fake.competencyMessages.isEmpty());
    }

    @Test
    void importsAFrameworkWithItsFlags() throws IOException {
        Path jsonl = file("framework.jsonl", "{\"id\":\"k1\",\"name\":\"SQL\"}\n{\"id\":\"k2\",\"name\":\"Git\"}\n");
        assertEquals(0, run("catalog", "import", jsonl.toString(), "-t", "acme", "--competencies",
                "--replace-framework", "--retag-courses"), err());
        assertTrue(fake.competencyMessages.get(0).getReplaceFramework());
        assertTrue(fake.competencyMessages.get(0).getRetagCourses());
        assertTrue(out().contains("imported 2 competencies into tenant acme"), out());
        assertTrue(out().contains("the framework now has 2 competencies"), out());
    }

    @Test
    void aBrokenCsvFileIsRejectedBeforeAnythingIsSent() throws IOException {
        Path csv = file("courses.csv", "id,title\na,Fine\nb,\"Broken\nc,More\n");
        assertEquals(1, run("catalog", "import", csv.toString(), "-t", "acme"));
        assertTrue(err().contains(
                "courses.csv: line 3: EOF reached before encapsulated token finished; nothing was sent"), err());
        assertTrue(fake.courseMessages.isEmpty());
        assertTrue(addresses.isEmpty(), "no connection was even opened");
    }

    @Test
    void argumentErrorsExitWithTwoAndSayWhatIsWrong() throws IOException {
        Path jsonl = file("courses.jsonl", "{\"id\":\"a\",\"title\":\"Git\"}\n");
        String path = jsonl.toString();
        assertUsageError("Missing required option: '--tenant=TENANT'", "catalog", "import", path);
        assertUsageError("'acme corp' is not 1 to 64 characters", "catalog", "import", path, "-t", "acme corp");
        assertUsageError("--batch-size must be 1 to 256, not 0",
                "catalog", "import", path, "-t", "a", "--batch-size", "0");
        assertUsageError("--batch-size must be 1 to 256, not 300",
                "catalog", "import", path, "-t", "a", "--batch-size", "300");
        assertUsageError("apply to --competencies only", "catalog", "import", path, "-t", "a", "--replace-framework");
        assertUsageError("'xml' is not jsonl or csv", "catalog", "import", path, "-t", "a", "--format", "xml");
        assertUsageError("level 'guru' is not one of beginner, intermediate, advanced, expert",
                "catalog", "search", "sql", "-t", "a", "--level", "guru");
        assertUsageError("mode 'fuzzy' is not one of hybrid, dense, lexical", "catalog", "search", "sql", "-t", "a",
                "--mode", "fuzzy");
        assertUsageError("--top-k must be at least 1", "catalog", "search", "sql", "-t", "a", "-k", "0");
        assertUsageError("give either course ids or --all", "catalog", "delete", "-t", "a");
        assertUsageError("--deadline-seconds must be positive",
                "catalog", "info", "-t", "a", "--deadline-seconds", "0");
        assertUsageError("Unknown option: '--colour'", "catalog", "search", "sql", "-t", "a", "--colour");
        assertTrue(fake.courseMessages.isEmpty() && fake.searches.isEmpty() && fake.deletes.isEmpty());
    }

    private void assertUsageError(String expected, String... args) {
        console.resetErr();
        assertEquals(2, run(args), String.join(" ", args));
        assertTrue(err().contains(expected), "expected '" + expected + "' in:\n" + err());
    }

    @Test
    void aMissingFileOrAnAbsentServerFailsWithOneLine() throws IOException {
        assertEquals(1, run("catalog", "import", dir.resolve("nope.jsonl").toString(), "-t", "acme"));
        assertTrue(err().startsWith("upskill: no such file: "), err());
        console.resetErr();
        assertEquals(1, run("--address", "nowhere:1", "catalog", "info", "-t", "acme"));
        assertTrue(err().startsWith("upskill: UNAVAILABLE"), err());
        assertTrue(err().contains("(is an Upskill server running at nowhere:1?)"), err());
        assertEquals(1, err().lines().count(), "no stack trace for a call error: " + err());
    }

    @Test
    void searchSendsTheFiltersAndPrintsATable() {
        fake.hits = List.of(CourseHit.newBuilder()
                .setCourse(Course.newBuilder().setId("dev-001").setTitle("Kubernetes for Application Developers")
                        .setLevel(Level.LEVEL_INTERMEDIATE).setProvider("Northwind Academy"))
                .setScore(0.0325f)
                .setExplanation(HitExplanation.newBuilder().setDenseRank(2).setDenseSimilarity(0.61f).setLexicalRank(1)
                        .setLexicalScore(7.25f).addMatchedTerms("kubernet"))
                .build());

        int exit = run("catalog", "search", "kubernetes deployments", "-t", "acme", "-k", "5", "--level", "beginner",
                "--level", "intermediate", "--competency", "http://data.europa.eu/esco/skill/abc", "--language", "en",
                "--provider", "Northwind Academy", "--format", "video", "--max-duration", "600", "--mode", "lexical",
                "--exclude", "dev-002");

        assertEquals(0, exit, err());
        SearchCoursesRequest request = fake.searches.get(0);
        assertEquals("acme", request.getTenantId());
        assertEquals("kubernetes deployments", request.getText());
        assertEquals(5, request.getTopK());
        assertEquals(SearchMode.SEARCH_MODE_LEXICAL, request.getMode());
        assertEquals(List.of(Level.LEVEL_BEGINNER, Level.LEVEL_INTERMEDIATE), request.getFilter().getLevelsList());
        assertEquals(List.of("http://data.europa.eu/esco/skill/abc"), request.getFilter().getCompetencyIdsList());
        assertEquals(List.of("en"), request.getFilter().getLanguagesList());
        assertEquals(List.of("Northwind Academy"), request.getFilter().getProvidersList());
        assertEquals(600, request.getFilter().getMaxDurationMinutes());
        assertEquals(List.of("dev-002"), request.getFilter().getExcludeCourseIdsList());
        String table = out();
        assertTrue(table.startsWith("#   score  id       title                                  level         provider"
                + "           why\n"), table);
        assertTrue(table.contains("1  0.0325  dev-001  Kubernetes for Application Developers  intermediate  "
                + "Northwind Academy  dense #2 (0.61), bm25 #1 (7.3); terms: kubernet"), table);
        assertTrue(table.endsWith("\n(1 hit, mode lexical)\n"), table);
    }

    @Test
    void searchWithoutFiltersSendsNoFilterAndCanPrintJson() throws Exception {
        assertEquals(0, run("catalog", "search", "sql", "-t", "acme", "--json"), err());
        assertTrue(!fake.searches.get(0).hasFilter());
        SearchCoursesResponse.Builder parsed = SearchCoursesResponse.newBuilder();
        JsonFormat.parser().merge(out(), parsed);
        assertEquals(0, parsed.getHitsCount());
    }

    @Test
    void infoPrintsTheCatalogSize() {
        assertEquals(0, run("catalog", "info", "--tenant", "acme"), err());
        assertTrue(out().contains("courses          300\n"), out());
        assertTrue(out().contains("competencies     115\n"), out());
        assertTrue(out().contains("lexical search   yes\n"), out());
    }

    @Test
    void deleteByIdsOrAll() {
        assertEquals(0, run("catalog", "delete", "-t", "acme", "a", "b"), err());
        assertEquals(0, run("catalog", "delete", "-t", "acme", "--all"), err());
        assertEquals(List.of("a", "b"), fake.deletes.get(0).getCourseIdsList());
        assertTrue(fake.deletes.get(1).getDeleteAll());
    }

    @Test
    void helpDescribesTheBadLinePolicyAndTheCsvColumns() {
        assertEquals(0, run("catalog", "import", "--help"));
        String help = out().replaceAll("\\s+", " ");
        assertTrue(help.contains("is SKIPPED and reported with its line number"), help);
        assertTrue(help.contains("any bad line STOPS the import before anything is sent"), help);
        assertTrue(help.contains("id,title,description,provider,url,language,level,duration_minutes,format,"
                + "competency_ids,rating,rating_count"), help);
    }
}
