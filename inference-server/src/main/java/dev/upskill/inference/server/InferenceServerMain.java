package dev.upskill.inference.server;

import dev.upskill.inference.embedding.SentenceEncoder;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code upskill-inference-server}: reads the configuration (flags over environment over file over
 * defaults), opens the gRPC and metrics ports, loads the models, serves until SIGTERM / Ctrl-C.
 */
public final class InferenceServerMain {

    private static final Logger log = LoggerFactory.getLogger(InferenceServerMain.class);
    static final String CONFIG_ENV = "UPSKILL_CONFIG";

    private InferenceServerMain() {
    }

    public static void main(String[] args) throws Exception {
        CommandLine commandLine = new CommandLine(commandSpec());
        ServerConfig config;
        try {
            ParseResult parsed = commandLine.parseArgs(args);
            if (CommandLine.printHelpIfRequested(parsed)) {
                return;
            }
            config = configFrom(parsed, System.getenv());
            config.modelSource(); // a bad model.variant / model.path fails here, before any port opens
        } catch (CommandLine.ParameterException | IllegalArgumentException e) {
            System.err.println("upskill-inference-server: " + e.getMessage());
            System.err.println("Run with --help for the settings.");
            System.exit(2);
            return;
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);

        ServerConfig finalConfig = config;
        InferenceServer server = new InferenceServer(config, InferenceServer.netty(config), registry,
                () -> SentenceEncoder.load(finalConfig.modelSource(), finalConfig.onnx()));
        MetricsEndpoint metrics = config.metricsPort() < 0 ? null
                : new MetricsEndpoint(registry, config.bind(), config.metricsPort());
        server.start();
        if (metrics != null) {
            log.info("metrics at http://{}:{}/metrics", config.bind(), metrics.port());
        }
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shutdown").unstarted(() -> {
            server.stop();
            if (metrics != null) {
                metrics.close();
            }
        }));
        try {
            server.loadModels();
        } catch (RuntimeException e) {
            log.error("cannot load the embedding model; stopping", e);
            System.exit(1);
        }
        log.info("ready: grpcurl {}localhost:{} list", config.tls().isPresent() ? "" : "-plaintext ", server.port());
        server.blockUntilShutdown();
    }

    /** The command line: {@code --config FILE} plus one {@code --key VALUE} flag per {@link Setting}. */
    static CommandSpec commandSpec() {
        CommandSpec spec = CommandSpec.create()
                .name("upskill-inference-server")
                .mixinStandardHelpOptions(true)
                .version("upskill-inference-server " + versionOf());
        spec.usageMessage().description(
                "Upskill inference gRPC server. Precedence: flag > environment variable > --config file > default.");
        spec.addOption(OptionSpec.builder("--config")
                .paramLabel("FILE").type(Path.class)
                .description("Properties file with settings (keys as the flags without --); env " + CONFIG_ENV + ".")
                .build());
        for (Setting setting : Setting.values()) {
            spec.addOption(OptionSpec.builder(setting.flag())
                    .paramLabel("VALUE").type(String.class)
                    .description(setting.description() + " Default: '" + setting.defaultValue() + "'. Env: "
                            + setting.environmentVariable() + ".")
                    .build());
        }
        return spec;
    }

    static ServerConfig configFrom(ParseResult parsed, Map<String, String> environment) {
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            if (parsed.hasMatchedOption(setting.flag())) {
                flags.put(setting, parsed.matchedOptionValue(setting.flag(), ""));
            }
        }
        Path file = parsed.matchedOptionValue("--config", null);
        if (file == null && environment.containsKey(CONFIG_ENV)) {
            file = Path.of(environment.get(CONFIG_ENV));
        }
        if (file != null && !Files.isReadable(file)) {
            throw new IllegalArgumentException("configuration file not readable: " + file);
        }
        return ConfigSources.resolve(flags, environment, file);
    }

    private static String versionOf() {
        String version = InferenceServerMain.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
