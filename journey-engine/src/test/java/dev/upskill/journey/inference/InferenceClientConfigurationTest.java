package dev.upskill.journey.inference;

import dev.upskill.client.inference.InferenceClient;
import dev.upskill.client.inference.InferenceDeadlines;
import dev.upskill.client.inference.RetrySettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client bean binds from properties, without a database and without an inference server running. */
class InferenceClientConfigurationTest {

    @EnableConfigurationProperties(InferenceProperties.class)
    static class Properties {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(InferenceClientConfiguration.class, InferenceCallTime.class, Properties.class);

    @Test
    void bindsTwoAddressesAndCreatesTheClientWithoutConnecting() {
        context.withPropertyValues(
                        "upskill.journey.inference.addresses=inference-1.invalid:9090,127.0.0.1:9191",
                        "upskill.journey.inference.deadlines.ranking=2s",
                        "upskill.journey.inference.retry.max-attempts=3")
                .run(started -> {
                    assertTrue(started.getStartupFailure() == null, () -> "" + started.getStartupFailure());
                    InferenceProperties properties = started.getBean(InferenceProperties.class);
                    assertEquals(List.of("inference-1.invalid:9090", "127.0.0.1:9191"), properties.addresses());
                    assertEquals(Duration.ofSeconds(2), properties.toSettings().deadlines().ranking());
                    assertEquals(3, properties.toSettings().retry().maxAttempts());
                    started.getBean(InferenceClient.class);
                });
    }

    @Test
    void defaultsAreTheClientsDefaults() {
        context.run(started -> {
            InferenceProperties properties = started.getBean(InferenceProperties.class);
            assertEquals(List.of("127.0.0.1:9090"), properties.addresses());
            assertEquals(InferenceDeadlines.DEFAULTS, properties.toSettings().deadlines());
            assertEquals(RetrySettings.DEFAULTS, properties.toSettings().retry());
        });
    }

    @Test
    void aBadSettingFailsStartupNamingTheProperty() {
        context.withPropertyValues("upskill.journey.inference.retry.max-attempts=0").run(started -> {
            Throwable failure = started.getStartupFailure();
            while (failure.getCause() != null && !(failure instanceof IllegalArgumentException)) {
                failure = failure.getCause();
            }
            assertTrue(failure.getMessage().startsWith("upskill.journey.inference.retry.max-attempts"),
                    failure.getMessage());
        });
    }
}
