package dev.upskill.client.inference;

import dev.upskill.client.channel.ServerAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Settings are checked when built, and an error names the setting at fault. */
class InferenceSettingsTest {

    private static void assertNames(String setting, Executable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertTrue(e.getMessage().startsWith(setting), "'" + e.getMessage() + "' does not start with " + setting);
    }

    @Test
    void acceptsHostNamesAndIpLiterals() {
        InferenceSettings settings = InferenceSettings.of(List.of("inference-1.internal:9090", "10.0.0.7:9090",
                "[::1]:9090"));

        assertEquals(List.of(new ServerAddress("inference-1.internal", 9090), new ServerAddress("10.0.0.7", 9090),
                new ServerAddress("::1", 9090)), settings.parsedAddresses());
        assertEquals("[::1]:9090", settings.parsedAddresses().get(2).authority());
        assertEquals(InferenceDeadlines.DEFAULTS, settings.deadlines());
        assertEquals(RetrySettings.DEFAULTS, settings.retry());
    }

    @Test
    void namesTheBadAddress() {
        assertNames("addresses", () -> InferenceSettings.of(List.of()));
        assertNames("addresses[0]", () -> InferenceSettings.of(Arrays.asList((String) null)));
        assertNames("addresses[1]", () -> InferenceSettings.of(List.of("a:9090", "b")));
        assertNames("addresses[1]", () -> InferenceSettings.of(List.of("a:9090", "b:0")));
        assertNames("addresses[0]", () -> InferenceSettings.of(List.of("a:70000")));
        assertNames("addresses[0]", () -> InferenceSettings.of(List.of("::1:9090")));
        assertNames("addresses[2]", () -> InferenceSettings.of(List.of("a:9090", "b:9090", "a:9090")));
    }

    @Test
    void namesTheBadDeadline() {
        Duration second = Duration.ofSeconds(1);
        assertNames("deadlines.embedding", () -> new InferenceDeadlines(Duration.ZERO, second, second, second, second));
        assertNames("deadlines.catalog", () -> new InferenceDeadlines(second, null, second, second, second));
        assertNames("deadlines.ranking",
                () -> new InferenceDeadlines(second, second, Duration.ofMillis(-1), second, second));
        assertNames("deadlines.grading", () -> new InferenceDeadlines(second, second, second, Duration.ZERO, second));
        assertNames("deadlines.assignment", () -> new InferenceDeadlines(second, second, second, second, null));
    }

    @Test
    void namesTheBadRetrySetting() {
        Duration ms100 = Duration.ofMillis(100);
        Duration s2 = Duration.ofSeconds(2);
        assertNames("retry.max-attempts", () -> new RetrySettings(0, ms100, s2, 2));
        assertNames("retry.max-attempts", () -> new RetrySettings(11, ms100, s2, 2));
        assertNames("retry.initial-backoff", () -> new RetrySettings(3, Duration.ZERO, s2, 2));
        assertNames("retry.max-backoff", () -> new RetrySettings(3, ms100, null, 2));
        assertNames("retry.max-backoff", () -> new RetrySettings(3, s2, ms100, 2));
        assertNames("retry.multiplier", () -> new RetrySettings(3, ms100, s2, 0.5));
        assertNames("retry.multiplier", () -> new RetrySettings(3, ms100, s2, Double.NaN));
    }

    @Test
    void namesAMissingCaFile(@TempDir Path dir) {
        assertNames("tls-ca", () -> new InferenceSettings(List.of("a:9090"), InferenceDeadlines.DEFAULTS,
                RetrySettings.DEFAULTS, dir.resolve("missing.pem")));
    }

    @Test
    void writesDurationsAsTheServiceConfigWantsThem() {
        assertEquals("0.100000000s", InferenceServiceConfig.seconds(Duration.ofMillis(100)));
        assertEquals("2.000000000s", InferenceServiceConfig.seconds(Duration.ofSeconds(2)));
    }

    @Test
    void leavesOutTheRetryPolicyForOneAttempt() {
        Map<String, ?> config = InferenceServiceConfig.of(new RetrySettings(1, Duration.ofMillis(100),
                Duration.ofSeconds(1), 2));

        assertEquals(List.of("loadBalancingConfig"), List.copyOf(config.keySet()));
    }
}
