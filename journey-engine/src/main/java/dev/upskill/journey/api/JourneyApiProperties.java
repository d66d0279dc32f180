package dev.upskill.journey.api;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The JourneyService gRPC server's settings.
 *
 * @param grpcPort the port; 0 picks a free port at every start (tests)
 * @param grpcAddress the address to bind; loopback by default, like the web server, until authentication exists
 * @param grpcThreads threads that run calls (a bounded pool: each call holds one while it talks to the database)
 */
@ConfigurationProperties("upskill.journey")
public record JourneyApiProperties(
        @DefaultValue("9091") int grpcPort,
        @DefaultValue("127.0.0.1") String grpcAddress,
        @DefaultValue("8") int grpcThreads) {

    public JourneyApiProperties {
        if (grpcPort < 0 || grpcPort > 65_535) {
            throw new IllegalArgumentException("upskill.journey.grpc-port must be 0 to 65535, was " + grpcPort);
        }
        if (grpcThreads < 1 || grpcThreads > 256) {
            throw new IllegalArgumentException("upskill.journey.grpc-threads must be 1 to 256, was " + grpcThreads);
        }
    }
}
