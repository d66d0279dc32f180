package dev.upskill.journey.data;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * With no {@code spring.datasource.url}, runs a real PostgreSQL (zonky's binaries from the class path) over a data
 * directory that outlives the process, and gives the application a pool on it. With a URL this configuration stays
 * out of the way and Spring Boot's own DataSource configuration connects to that server.
 *
 * <p>The server is a bean closed by the context, after the pool that depends on it: a pool left open against a
 * stopped server makes the JVM wait at exit.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedPostgresConfiguration.NoDatasourceUrl.class)
public class EmbeddedPostgresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(JourneyDataProperties properties) throws IOException {
        Path dataDir = properties.dataDir().toAbsolutePath().normalize();
        boolean existing = Files.isRegularFile(dataDir.resolve("PG_VERSION"));
        Files.createDirectories(dataDir);
        log.info("{} embedded PostgreSQL cluster in {}", existing ? "Reusing the" : "Creating an", dataDir);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                // The context closes it (destroyMethod), in order; a second hook would race the pool's close.
                .setRegisterShutdownHook(false);
        if (properties.embeddedPort() != 0) {
            builder.setPort(properties.embeddedPort());
        }
        EmbeddedPostgres postgres = builder.start();
        log.info("Embedded PostgreSQL listening on localhost:{}", postgres.getPort());
        return postgres;
    }

    /** A Hikari pool on the embedded server's {@code postgres} database; {@code spring.datasource.hikari.*} apply. */
    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgres postgres) {
        return DataSourceBuilder.create()
                .type(HikariDataSource.class)
                .url(postgres.getJdbcUrl("postgres", "postgres"))
                .username("postgres")
                .build();
    }

    /** Matches when {@code spring.datasource.url} is unset or blank. */
    static final class NoDatasourceUrl implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !StringUtils.hasText(context.getEnvironment().getProperty("spring.datasource.url"));
        }
    }
}
