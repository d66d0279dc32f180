package dev.upskill.journey.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upskill.journey.JourneyEngineApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Starts and stops the application (web server on a free port) over one data directory, and once against a separate
 * PostgreSQL server named by {@code spring.datasource.url}.
 */
class EmbeddedPostgresRestartTest {

    @TempDir Path dataDir;

    @Test
    void dataSurvivesARestartOverTheSameDataDirectory() {
        try (ConfigurableApplicationContext first = start("--upskill.journey.data-dir=" + dataDir)) {
            first.getBean(JdbcClient.class)
                    .sql("INSERT INTO company.tenant (id, name) VALUES ('acme', 'Acme Corp')")
                    .update();
        }
        assertThat(dataDir.resolve("PG_VERSION")).isRegularFile();

        try (ConfigurableApplicationContext second = start("--upskill.journey.data-dir=" + dataDir)) {
            JdbcClient jdbc = second.getBean(JdbcClient.class);
            assertThat(jdbc.sql("SELECT name FROM company.tenant WHERE id = 'acme'").query(String.class).single())
                    .isEqualTo("Acme Corp");
            // Flyway found V1 applied and did nothing; Camunda found its tables.
            assertThat(jdbc.sql("SELECT count(*) FROM company.flyway_schema_history WHERE version = '1'")
                    .query(Long.class).single()).isOne();
            assertThat(jdbc.sql("SELECT count(*) FROM act_ge_schema_log").query(Long.class).single()).isPositive();
        }
    }

    @Test
    void usesTheServerNamedBySpringDatasourceUrl(@TempDir Path serverDir) throws Exception {
        try (EmbeddedPostgres server = EmbeddedPostgres.builder().setDataDirectory(serverDir).start()) {
            try (ConfigurableApplicationContext context = start(
                    "--spring.datasource.url=" + server.getJdbcUrl("postgres", "postgres"),
                    "--spring.datasource.username=postgres",
                    "--upskill.journey.data-dir=" + dataDir)) {
                assertThat(context.getBeansOfType(EmbeddedPostgres.class)).isEmpty();
                context.getBean(JdbcClient.class)
                        .sql("INSERT INTO company.tenant (id, name) VALUES ('external', 'On a server')")
                        .update();
            }
            // The rows are on that server; the embedded data directory was never created.
            assertThat(JdbcClient.create(server.getPostgresDatabase())
                    .sql("SELECT name FROM company.tenant WHERE id = 'external'").query(String.class).single())
                    .isEqualTo("On a server");
            assertThat(dataDir).isEmptyDirectory();
        }
    }

    private static ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(JourneyEngineApplication.class)
                // Camunda's REST starter needs the servlet stack; port 0 = a free port.
                .web(WebApplicationType.SERVLET)
                .properties("server.port=0")
                .run(args);
    }
}
