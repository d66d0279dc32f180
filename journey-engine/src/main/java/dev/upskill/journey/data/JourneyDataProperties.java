package dev.upskill.journey.data;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the embedded PostgreSQL keeps its cluster; unused when {@code spring.datasource.url} names a server.
 *
 * @param dataDir the cluster's data directory, relative to the working directory unless absolute; created (initdb)
 *     when empty, reused as it is otherwise
 * @param embeddedPort the embedded server's TCP port on localhost; 0 picks a free port at every start
 */
@ConfigurationProperties("upskill.journey")
public record JourneyDataProperties(
        @DefaultValue("data/journey/postgres") Path dataDir, @DefaultValue("0") int embeddedPort) {

    public JourneyDataProperties {
        if (embeddedPort < 0 || embeddedPort > 65_535) {
            throw new IllegalArgumentException(
                    "upskill.journey.embedded-port must be 0 to 65535, was " + embeddedPort);
        }
    }
}
