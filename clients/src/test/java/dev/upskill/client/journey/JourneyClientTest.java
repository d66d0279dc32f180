package dev.upskill.client.journey;

import dev.upskill.client.LoopbackServers;
import dev.upskill.client.inference.RetrySettings;
import dev.upskill.proto.v1.Employee;
import dev.upskill.proto.v1.GetJourneyResponse;
import dev.upskill.proto.v1.ImportResponse;
import dev.upskill.proto.v1.RecordLearningEventRequest;
import dev.upskill.proto.v1.StartJourneyRequest;
import dev.upskill.proto.v1.SubmitFeedbackRequest;
import io.grpc.BindableService;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journey client over real Netty servers on loopback: the ergonomic methods, round robin, retries only of
 * the safe methods, the API key header and deadlines.
 */
class JourneyClientTest {

    private static final RetrySettings QUICK_RETRY =
            new RetrySettings(4, Duration.ofMillis(10), Duration.ofMillis(50), 2.0);

    private final LoopbackServers servers = new LoopbackServers();
    private JourneyClient client;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (client != null) {
            client.close();
        }
        servers.close();
    }

    private JourneyClient clientFor(JourneySettings settings) {
        client = new JourneyClient(settings);
        return client;
    }

    private JourneyClient clientFor(String... addresses) {
        return clientFor(JourneySettings.of(List.of(addresses)).withRetry(QUICK_RETRY));
    }

    private static BindableService recording(FakeJourneyService fake) {
        return fake::withHeaderRecorder;
    }

    @Test
    void ergonomicMethodsSendTheTenantAndEmployee() throws Exception {
        FakeJourneyService fake = new FakeJourneyService();
        fake.journey = GetJourneyResponse.newBuilder().setEmployeeId("e-1").setCompletionPercent(40).build();
        clientFor(servers.start(fake));

        assertEquals("pi-e-1", client.startJourney("acme", "e-1").getProcessInstanceId());
        assertEquals(40, client.journey("acme", "e-1").getCompletionPercent());
        assertEquals(3, client.recommendations("acme", "e-1", 3).size());

        assertEquals(StartJourneyRequest.newBuilder().setTenantId("acme").setEmployeeId("e-1").build(),
                fake.requests.getFirst());
    }

    @Test
    void importsEmployeesInBatchesOfAThousandNamingTheTenantInEach() throws Exception {
        FakeJourneyService fake = new FakeJourneyService();
        clientFor(servers.start(fake));
        List<Employee> employees = IntStream.range(0, 2500)
                .mapToObj(i -> Employee.newBuilder().setId("e-" + i).build()).toList();

        ImportResponse response = client.importEmployees("acme", employees);

        assertEquals(2500, response.getCreated());
        assertEquals(List.of(1000, 1000, 500),
                fake.employeeMessages.stream().map(m -> m.getEmployeesCount()).toList());
        assertTrue(fake.employeeMessages.stream().allMatch(m -> m.getTenantId().equals("acme")));
        assertThrows(IllegalArgumentException.class, () -> client.importEmployees("acme", List.of()));
    }

    @Test
    void spreadsCallsOverAllEngines() throws Exception {
        FakeJourneyService first = new FakeJourneyService();
        FakeJourneyService second = new FakeJourneyService();
        clientFor(servers.start(first), servers.start(second));

        for (int i = 0; i < 20; i++) {
            client.journey("acme", "e-1");
        }

        assertEquals(20, first.attempts("GetJourney") + second.attempts("GetJourney"));
        assertTrue(first.attempts("GetJourney") > 0, "first engine got no calls");
        assertTrue(second.attempts("GetJourney") > 0, "second engine got no calls");
    }

    @Test
    void retriesSafeCallsOnUnavailable() throws Exception {
        FakeJourneyService flaky = new FakeJourneyService();
        clientFor(servers.start(flaky));

        flaky.errors.add(Status.UNAVAILABLE);
        flaky.errors.add(Status.UNAVAILABLE);
        assertTrue(client.startJourney("acme", "e-1").getStarted());
        assertEquals(3, flaky.attempts("StartJourney"));

        flaky.errors.add(Status.UNAVAILABLE);
        client.eraseEmployee("acme", "e-1", "hr");
        assertEquals(2, flaky.attempts("EraseEmployee"));

        flaky.errors.add(Status.UNAVAILABLE);
        assertEquals(1, client.importEmployees("acme", List.of(Employee.newBuilder().setId("e-1").build()))
                .getCreated());
        assertEquals(2, flaky.attempts("ImportEmployees"));
        assertEquals(2, flaky.employeeMessages.size(), "the retry re-sent the stream");
    }

    @Test
    void neverRetriesAppendingCalls() throws Exception {
        FakeJourneyService flaky = new FakeJourneyService();
        clientFor(servers.start(flaky));

        flaky.errors.add(Status.UNAVAILABLE);
        StatusRuntimeException feedback = assertThrows(StatusRuntimeException.class,
                () -> client.submitFeedback(SubmitFeedbackRequest.newBuilder().setTenantId("acme").build()));
        flaky.errors.add(Status.UNAVAILABLE);
        StatusRuntimeException event = assertThrows(StatusRuntimeException.class,
                () -> client.recordLearningEvent(RecordLearningEventRequest.newBuilder().setTenantId("acme").build()));

        assertEquals(Status.Code.UNAVAILABLE, feedback.getStatus().getCode());
        assertEquals(Status.Code.UNAVAILABLE, event.getStatus().getCode());
        assertEquals(1, flaky.attempts("SubmitFeedback"));
        assertEquals(1, flaky.attempts("RecordLearningEvent"));
    }

    @Test
    void doesNotRetryOtherErrors() throws Exception {
        FakeJourneyService strict = new FakeJourneyService();
        strict.errors.add(Status.NOT_FOUND.withDescription("employee_id: unknown employee"));
        clientFor(servers.start(strict));

        StatusRuntimeException e =
                assertThrows(StatusRuntimeException.class, () -> client.startJourney("acme", "nobody"));

        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertEquals(1, strict.attempts("StartJourney"));
    }

    @Test
    void sendsTheApiKeyAsABearerHeaderWithEveryCall() throws Exception {
        FakeJourneyService fake = new FakeJourneyService();
        String address = servers.start(recording(fake));
        clientFor(JourneySettings.of(List.of(address)).withApiKey("s3cret-key"));

        client.journey("acme", "e-1");
        client.startJourney("acme", "e-1");

        assertEquals(List.of("Bearer s3cret-key", "Bearer s3cret-key"), fake.authorizations);
    }

    @Test
    void sendsNoHeaderWithoutAKey() throws Exception {
        FakeJourneyService fake = new FakeJourneyService();
        clientFor(servers.start(recording(fake)));

        client.journey("acme", "e-1");

        assertEquals(List.of(""), fake.authorizations);
    }

    @Test
    void theDeadlineEndsASlowCall() throws Exception {
        FakeJourneyService slow = new FakeJourneyService();
        slow.journeyDelayMillis = 2000;
        clientFor(JourneySettings.of(List.of(servers.start(slow))).withRetry(QUICK_RETRY)
                .withDeadlines(Duration.ofMillis(200), Duration.ofSeconds(5)));

        long start = System.nanoTime();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> client.journey("acme", "e-1"));

        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
        assertTrue(System.nanoTime() - start < 1_500_000_000L, "waited past the deadline");
    }

    @Test
    void settingsAreCheckedWhenBuilt() {
        List<String> messages = new ArrayList<>();
        for (Runnable bad : List.<Runnable>of(
                () -> JourneySettings.of(List.of()),
                () -> JourneySettings.of(List.of("engine")),
                () -> JourneySettings.of(List.of("a:9091", "a:9091")),
                () -> JourneySettings.of(List.of("a:9091")).withDeadlines(Duration.ZERO, Duration.ofSeconds(1)),
                () -> JourneySettings.of(List.of("a:9091")).withApiKey("two words"))) {
            messages.add(assertThrows(IllegalArgumentException.class, bad::run).getMessage());
        }
        assertEquals("addresses: at least one host:port is needed", messages.get(0));
        assertTrue(messages.get(1).startsWith("addresses[0]: 'engine'"), messages.get(1));
        assertEquals("addresses[1]: 'a:9091' repeats addresses[0]", messages.get(2));
        assertTrue(messages.get(3).startsWith("deadline must be positive"), messages.get(3));
        assertFalse(messages.get(4).contains("two words"), "the key must not appear in an error: " + messages.get(4));
    }
}
