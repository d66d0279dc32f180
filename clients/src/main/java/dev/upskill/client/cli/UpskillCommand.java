package dev.upskill.client.cli;

import dev.upskill.client.catalog.MalformedFileException;
import dev.upskill.client.channel.ServerChannel;
import dev.upskill.client.inference.InferenceClient;
import dev.upskill.client.journey.JourneyClient;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The {@code upskill} command-line tool: {@code upskill catalog import|search|info|delete}, {@code upskill journey
 * start|status}, {@code upskill grade}, {@code upskill model train|evaluate}. The global options
 * ({@code --address}, {@code --journey-address}, {@code --deadline-seconds}, {@code --tls-ca}, {@code --api-key})
 * may come before or after the subcommand. Channels are opened as the typed clients open theirs: round robin over
 * comma-separated addresses, and retries on UNAVAILABLE only for calls that are safe to repeat.
 *
 * <p>{@link #main} wires it to the network and the process's streams; a test calls
 * {@link #commandLine(ChannelFactory, Console)} with in-process channels and buffers and runs
 * {@code execute(args)}, which returns the exit code.
 */
@Command(name = "upskill", mixinStandardHelpOptions = true, version = "upskill 0.1.0",
        description = "Command-line client of the Upskill inference server and journey engine.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "1:failed: a call failed or a file could not be read",
            "2:bad arguments",
            "3:done, but some records were skipped (catalog import, grade)"})
public final class UpskillCommand implements Callable<Integer> {

    /** The deadline of a call when {@code --deadline-seconds} is not given (imports choose their own). */
    static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

    @Option(names = "--address", defaultValue = "localhost:9090", paramLabel = "HOST:PORT[,HOST:PORT...]",
            scope = ScopeType.INHERIT,
            description = "Address of the inference server, or several, called round robin (default: ${DEFAULT-VALUE}).")
    private String address;

    @Option(names = "--journey-address", defaultValue = "localhost:9091", paramLabel = "HOST:PORT[,HOST:PORT...]",
            scope = ScopeType.INHERIT,
            description = "Address of the journey engine, or several, for the journey commands "
                    + "(default: ${DEFAULT-VALUE}).")
    private String journeyAddress;

    @Option(names = "--deadline-seconds", paramLabel = "SECONDS", scope = ScopeType.INHERIT,
            description = "Deadline of each call in seconds (default: 30; catalog import: 3600, as the whole "
                    + "upload is one call).")
    private Long deadlineSeconds;

    @Option(names = "--tls-ca", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Connect with TLS, trusting the CA certificates in this PEM file. Plaintext without it.")
    private Path tlsCa;

    // From the environment by default, so the key need not appear in the shell history or in ps.
    @Option(names = "--api-key", paramLabel = "KEY", scope = ScopeType.INHERIT, defaultValue = "${env:UPSKILL_API_KEY}",
            description = "API key sent with every call as 'authorization: Bearer KEY' (default: the environment "
                    + "variable UPSKILL_API_KEY; none when unset). Use it with --tls-ca outside a private network.")
    private String apiKey;

    @Spec
    private CommandSpec spec;

    private final ChannelFactory channels;
    private final Console console;

    private UpskillCommand(ChannelFactory channels, Console console) {
        this.channels = channels;
        this.console = console;
    }

    /**
     * The command line of {@code upskill} with its subcommands, writing to {@code console} and connecting
     * through {@code channels}. Run it with {@link CommandLine#execute(String...)}.
     */
    public static CommandLine commandLine(ChannelFactory channels, Console console) {
        UpskillCommand root = new UpskillCommand(channels, console);
        CommandLine catalog = new CommandLine(new CatalogCommand())
                .addSubcommand(new CatalogImportCommand(root))
                .addSubcommand(new CatalogSearchCommand(root))
                .addSubcommand(new CatalogInfoCommand(root))
                .addSubcommand(new CatalogDeleteCommand(root));
        CommandLine journey = new CommandLine(new JourneyCommand())
                .addSubcommand(new JourneyStartCommand(root))
                .addSubcommand(new JourneyStatusCommand(root));
        CommandLine model = new CommandLine(new ModelCommand())
                .addSubcommand(new ModelTrainCommand(root))
                .addSubcommand(new ModelEvaluateCommand(root));
        CommandLine cli = new CommandLine(root)
                .addSubcommand(catalog)
                .addSubcommand(journey)
                .addSubcommand(new GradeCommand(root))
                .addSubcommand(model);
        // Wide enough for the CSV header line in the import help; narrower terminals wrap to their width.
        cli.setUsageHelpWidth(120);
        cli.setUsageHelpAutoWidth(true);
        cli.setOut(new PrintWriter(console.out(), true));
        cli.setErr(new PrintWriter(console.err(), true));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            String server = commandLine.getCommandSpec().qualifiedName().startsWith("upskill journey")
                    ? root.journeyAddress : root.address;
            commandLine.getErr().println("upskill: " + explain(e, server));
            if (!(e instanceof StatusRuntimeException || e instanceof CommandFailure)) {
                e.printStackTrace(commandLine.getErr());
            }
            return ExitCodes.FAILED;
        });
        return cli;
    }

    /** Runs {@code upskill} and exits with its exit code. */
    public static void main(String... args) {
        System.exit(commandLine(new GrpcChannels(), Console.system()).execute(args));
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    Console console() {
        return console;
    }

    /**
     * Opens a channel as the global options say.
     *
     * @param defaultDeadline the deadline when {@code --deadline-seconds} is not given
     * @param caller the command asking, for usage errors
     */
    Connection connect(Duration defaultDeadline, CommandSpec caller) {
        return connect("--address", address, InferenceClient.RETRYABLE_METHODS, defaultDeadline, caller);
    }

    /**
     * A {@link JourneyClient} for the journey engine ({@code --journey-address}) as the global options say; closing
     * it closes its channel.
     */
    JourneyClient journeyClient(Duration defaultDeadline, CommandSpec caller) {
        Connection connection =
                connect("--journey-address", journeyAddress, JourneyClient.RETRYABLE_METHODS, defaultDeadline, caller);
        return new JourneyClient(connection.channel(), connection.deadline(), connection.deadline());
    }

    private Connection connect(String option, String address, List<MethodDescriptor<?, ?>> retryable,
            Duration defaultDeadline, CommandSpec caller) {
        if (deadlineSeconds != null && deadlineSeconds <= 0) {
            throw new ParameterException(caller.commandLine(), "--deadline-seconds must be positive");
        }
        String key = apiKey == null || apiKey.isEmpty() ? null : apiKey;
        try {
            ServerChannel.checkApiKey(key);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(caller.commandLine(), "--" + e.getMessage());
        }
        Duration deadline = deadlineSeconds == null ? defaultDeadline : Duration.ofSeconds(deadlineSeconds);
        ManagedChannel channel;
        try {
            channel = channels.open(new ChannelFactory.Endpoint(address, tlsCa, key, retryable));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(caller.commandLine(), option + ": " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            throw new CommandFailure("cannot set up a connection to " + address
                    + (tlsCa == null ? "" : " with --tls-ca " + tlsCa) + ": " + e.getMessage(), e);
        }
        return new Connection(channel, deadline);
    }

    /** One line for the user about what went wrong and, where there is one, what to try. */
    private static String explain(Exception e, String address) {
        if (e instanceof StatusRuntimeException sre) {
            Status status = sre.getStatus();
            String text = status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
            if (status.getCause() != null && status.getCause().getMessage() != null) {
                text += " (" + status.getCause().getMessage() + ")"; // e.g. "Connection refused: localhost/..."
            }
            return switch (status.getCode()) {
                case UNAVAILABLE -> text + " (is an Upskill server running at " + address + "?)";
                case DEADLINE_EXCEEDED -> text + " (a longer --deadline-seconds may help)";
                case UNIMPLEMENTED -> text + " (the server at " + address + " does not offer this call)";
                default -> text;
            };
        }
        if (e instanceof MalformedFileException || e instanceof CommandFailure) {
            return e.getMessage();
        }
        if (e instanceof NoSuchFileException missing) {
            return "no such file: " + missing.getFile();
        }
        if (e instanceof IOException io) {
            return "cannot read: " + io;
        }
        return "unexpected error: " + e;
    }
}
