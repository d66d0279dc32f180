package dev.upskill.inference.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Configuration from flags, environment and file: precedence, validation, and the documentation table. */
class ConfigurationTest {

    private static ServerConfig parse(Map<String, String> env, String... args) {
        CommandLine commandLine = new CommandLine(InferenceServerMain.commandSpec());
        return InferenceServerMain.configFrom(commandLine.parseArgs(args), env);
    }

    @Test
    void defaultsServeOnTheDocumentedPorts() {
        ServerConfig config = parse(Map.of());
        assertEquals(9090, config.port());
        assertEquals(9464, config.metricsPort());
        assertEquals(32, config.batching().maxBatchSize());
        assertEquals(Duration.ofMillis(2), config.batching().maxWait());
        assertEquals(256, config.limits().maxTexts());
        assertEquals("quantized", config.modelVariant());
        assertTrue(config.reflection());
    }

    @Test
    void flagBeatsEnvironmentBeatsFileBeatsDefault(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("server.properties");
        Files.writeString(file, "port=7001\nbatch.max-size=8\nqueue.capacity=100\nlimits.max-texts=10\n");
        Map<String, String> env = Map.of("UPSKILL_PORT", "7002", "UPSKILL_BATCH_MAX_SIZE", "16");

        ServerConfig config = parse(env, "--config", file.toString(), "--port", "7003");
        assertEquals(7003, config.port(), "flag over environment");
        assertEquals(16, config.batching().maxBatchSize(), "environment over file");
        assertEquals(100, config.batching().queueCapacity(), "file over default");
        assertEquals(10, config.limits().maxTexts());
        assertEquals(9464, config.metricsPort(), "default when nothing is given");
    }

    @Test
    void theConfigFileCanComeFromTheEnvironment(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("server.properties");
        Files.writeString(file, "shutdown.grace-seconds=3\n");
        assertEquals(Duration.ofSeconds(3),
                parse(Map.of("UPSKILL_CONFIG", file.toString())).shutdownGrace());
    }

    @Test
    void badValuesAreRefusedNamingTheSetting() {
        var e = assertThrows(IllegalArgumentException.class, () -> parse(Map.of(), "--port", "http"));
        assertEquals("port must be an integer, got 'http'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse(Map.of("UPSKILL_BATCH_MAX_SIZE", "0")));
        assertEquals("batch.max-size must be in 1..1024, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse(Map.of(), "--reflection.enabled", "yes"));
        assertEquals("reflection.enabled must be true or false, got 'yes'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse(Map.of(), "--tls.cert", "/etc/hostname"));
        assertEquals("tls.cert and tls.key must be set together", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse(Map.of(), "--model.variant", "huge").modelSource());
        assertTrue(e.getMessage().startsWith("model.variant must be 'quantized' or 'full'"), e.getMessage());
    }

    @Test
    void theRankingPriorAndClosureCutoffAreSettingsWithCheckedValues() {
        ServerConfig defaults = parse(Map.of());
        assertEquals(5, defaults.ranking().outcomePriorObservations());
        assertEquals(0.5, defaults.ranking().positiveClosure());
        ServerConfig set = parse(Map.of("UPSKILL_RANKING_OUTCOMES_PRIOR_OBSERVATIONS", "20"),
                "--ranking.learning.positive-closure", "0.75");
        assertEquals(20, set.ranking().outcomePriorObservations());
        assertEquals(0.75, set.ranking().positiveClosure());
        var e = assertThrows(IllegalArgumentException.class,
                () -> parse(Map.of(), "--ranking.outcomes.prior-observations", "0"));
        assertEquals("ranking.outcomes.prior-observations must be in 1..1000000, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> parse(Map.of(), "--ranking.learning.positive-closure", "1.5"));
        assertEquals("ranking.learning.positive-closure must be in 0..1, got 1.5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> parse(Map.of(), "--ranking.learning.positive-closure", "half"));
        assertEquals("ranking.learning.positive-closure must be a number, got 'half'", e.getMessage());
    }

    @Test
    void unknownKeysInTheFileAreRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("server.properties");
        Files.writeString(file, "port=7001\nbatch.maxsize=8\n");
        var e = assertThrows(IllegalArgumentException.class, () -> parse(Map.of(), "--config", file.toString()));
        assertTrue(e.getMessage().contains("[batch.maxsize]"), e.getMessage());
    }

    @Test
    void unknownFlagsAreRefused() {
        assertThrows(CommandLine.UnmatchedArgumentException.class, () -> parse(Map.of(), "--prot", "1"));
    }

    @Test
    void theConfigurationTableDocumentsEverySetting() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
        for (Setting setting : Setting.values()) {
            assertTrue(doc.contains("`" + setting.key() + "`"), setting.key() + " missing from docs/configuration.md");
            assertTrue(doc.contains(setting.environmentVariable()),
                    setting.environmentVariable() + " missing from docs/configuration.md");
        }
    }
}
