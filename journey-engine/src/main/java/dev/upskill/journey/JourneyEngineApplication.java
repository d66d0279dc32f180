package dev.upskill.journey;

import dev.upskill.journey.esco.EscoImportCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The journey engine: Camunda 7 (engine, webapps, REST) and the company schema in one PostgreSQL database. With no
 * {@code spring.datasource.url} it runs an embedded PostgreSQL over {@code upskill.journey.data-dir} (see
 * {@link dev.upskill.journey.data.EmbeddedPostgresConfiguration}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class JourneyEngineApplication {

    public static void main(String[] args) {
        if (EscoImportCommand.wantsHelp(args)) {
            System.out.print(EscoImportCommand.USAGE);
            return;
        }
        EscoImportCommand.defaults(args).forEach(System::setProperty);
        SpringApplication.run(JourneyEngineApplication.class, args);
    }
}
