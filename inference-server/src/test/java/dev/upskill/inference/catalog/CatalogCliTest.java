package dev.upskill.inference.catalog;

import dev.upskill.client.cli.Console;
import dev.upskill.client.cli.UpskillCommand;
import dev.upskill.inference.server.ServerConfig;
import dev.upskill.inference.testing.GatedEncoder;
import dev.upskill.inference.testing.InProcessInferenceServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code upskill catalog} command line against the real catalog service. */
class CatalogCliTest {

    static InProcessInferenceServer server;

    @BeforeAll
    static void start() {
        server = InProcessInferenceServer.start(ServerConfig.defaults(), GatedEncoder.overSharedModel());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Output and exit code of one CLI run. */
    record Run(int exitCode, String out, String err) {
    }

    static Run upskill(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), System::nanoTime, false);
        int code = UpskillCommand.commandLine(endpoint -> server.newChannel(), console).execute(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void importsAFrameworkAndACsvCatalogThenSearchesIt(@TempDir Path directory) throws Exception {
        String tenant = CatalogServiceTest.newTenant();
        Path framework = Files.writeString(directory.resolve("framework.jsonl"), """
                {"id": "own:privacy", "name": "data protection", "description": "Apply the GDPR to personal data."}
                {"id": "own:k8s", "name": "container orchestration", "description": "Operate Kubernetes clusters."}
                """);
        Run frameworkImport = upskill("catalog", "import", framework.toString(), "-t", tenant, "--competencies");
        assertEquals(0, frameworkImport.exitCode(), frameworkImport.err());

        Path courses = Files.writeString(directory.resolve("courses.csv"), """
                id,title,description,provider,url,language,level,duration_minutes,format,competency_ids,rating,rating_count
                gdpr-101,GDPR Essentials,What the regulation asks of teams that handle personal data.,Internal Academy,https://learn.example.com/gdpr,en,beginner,45,course,,4.6,1200
                k8s-201,Kubernetes in Production,Deployments and autoscaling on real clusters.,CloudSchool,,en,expert-ish,480,video,own:k8s,,0
                sql-101,SQL for Analysts,Joins and aggregates.,DataWise,,en,beginner,120,course,,,0
                """);
        Run courseImport = upskill("catalog", "import", courses.toString(), "-t", tenant, "--no-progress");
        assertEquals(3, courseImport.exitCode(), "done, with a line skipped: " + courseImport.out()
                + courseImport.err());
        assertTrue((courseImport.out() + courseImport.err()).contains("line 3"), courseImport.out()
                + courseImport.err());

        Run search = upskill("catalog", "search", "GDPR", "-t", tenant, "-k", "1", "--json");
        assertEquals(0, search.exitCode(), search.err());
        assertTrue(search.out().contains("gdpr-101"), search.out());
        assertTrue(search.out().contains("own:privacy"), "the course was tagged: " + search.out());

        Run info = upskill("catalog", "info", "-t", tenant, "--json");
        assertEquals(0, info.exitCode(), info.err());
        assertTrue(info.out().replace(" ", "").contains("\"courseCount\":\"2\""), info.out());
    }
}
