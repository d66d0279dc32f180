package dev.upskill.client.cli;

import dev.upskill.client.LoopbackServers;
import dev.upskill.client.journey.FakeJourneyService;
import dev.upskill.proto.v1.StartJourneyRequest;
import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line over real Netty channels on loopback ({@link GrpcChannels}): the API key on every call, retries
 * of a call that is safe to repeat, a second address taking over, and option errors naming the option.
 */
class NetworkChannelsTest {

    private final LoopbackServers servers = new LoopbackServers();
    private final FakeJourneyService journeys = new FakeJourneyService();
    private final CapturedConsole console = new CapturedConsole();

    @AfterEach
    void stopServers() throws InterruptedException {
        servers.close();
    }

    private int run(String... args) {
        return console.run(new GrpcChannels(), args);
    }

    private String err() {
        return console.err();
    }

    @Test
    void sendsTheApiKeyWithEveryAttemptAndRetriesAnUnavailableStart() throws Exception {
        String address = servers.start(journeys::withHeaderRecorder);
        journeys.errors.add(Status.UNAVAILABLE.withDescription("restarting"));

        assertEquals(0, run("journey", "start", "e-1", "-t", "acme", "--actor", "hr-1",
                "--journey-address", address, "--api-key", "k-123"), err());

        assertEquals(2, journeys.attempts("StartJourney"), "UNAVAILABLE is retried for StartJourney");
        assertEquals(List.of("Bearer k-123", "Bearer k-123"), journeys.authorizations);
        StartJourneyRequest sent = (StartJourneyRequest) journeys.requests.getLast();
        assertEquals("acme/e-1/hr-1", sent.getTenantId() + "/" + sent.getEmployeeId() + "/" + sent.getActor());
        assertTrue(console.out().contains("started the journey of e-1: process instance pi-e-1"));
    }

    @Test
    void withoutAKeyNoAuthorizationIsSent() throws Exception {
        String address = servers.start(journeys::withHeaderRecorder);

        assertEquals(0, run("journey", "status", "e-1", "-t", "acme", "--journey-address", address), err());

        assertEquals(List.of(""), journeys.authorizations);
    }

    @Test
    void aSecondAddressServesWhenTheFirstIsDown() throws Exception {
        String down = servers.start(new FakeJourneyService());
        String up = servers.start(journeys);
        servers.stop(0);

        // Round robin over both; the dead one fails fast and the call goes to the live one.
        for (int i = 0; i < 3; i++) {
            assertEquals(0, run("journey", "status", "e-1", "-t", "acme", "--journey-address", down + "," + up), err());
        }
        assertEquals(3, journeys.attempts("GetJourney"));
    }

    @Test
    void badConnectionOptionsAreUsageErrorsNamingTheOption() {
        assertEquals(2, run("journey", "status", "e-1", "-t", "acme", "--api-key", "two words"));
        assertTrue(err().contains("--api-key must be printable ASCII without spaces"), err());

        assertEquals(2, run("journey", "status", "e-1", "-t", "acme", "--journey-address", "localhost"));
        assertTrue(err().contains("--journey-address: addresses[0]"), err());

        assertEquals(2, run("catalog", "info", "-t", "acme", "--address", "127.0.0.1:1,127.0.0.1:1"));
        assertTrue(err().contains("--address: addresses[1]: '127.0.0.1:1' repeats addresses[0]"), err());
    }
}
