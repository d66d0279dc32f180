package dev.upskill.client.cli;

import com.google.common.collect.Lists;
import com.google.protobuf.util.JsonFormat;
import dev.upskill.client.FlowControlledUpload;
import dev.upskill.proto.v1.AssignmentServiceGrpc;
import dev.upskill.proto.v1.TrainModelRequest;
import dev.upskill.proto.v1.TrainModelResponse;
import dev.upskill.proto.v1.TrainingRow;
import dev.upskill.proto.v1.TrainingRows;
import dev.upskill.proto.v1.TrainingSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** {@code upskill model train FILE.csv}: trains and evaluates a new assignment model (TrainModel). */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Trains a new assignment success model from labelled rows and evaluates it (80/20 split plus 5-fold "
                    + "cross-validation). The server swaps it in when its ROC-AUC on the test split is at least the "
                    + "serving model's (or with --force); --dry-run only evaluates.",
            "FILE is a local CSV: a header of the 11 feature names of upskill.v1.AssignmentFeatures and 'success', "
                    + "in any order; categories as lower-case words; success as 1/0 or true/false; an empty cell is "
                    + "a missing value. It is checked here, then streamed. --server-csv trains from a file on the "
                    + "server (under assignment.training-dir) instead."
        })
final class ModelTrainCommand implements Callable<Integer> {

    /** Training 10,000 rows takes about 30 s on two cores; a large file much longer. */
    static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(30);
    private static final int BATCH_SIZE = 1000;

    @Parameters(paramLabel = "FILE", arity = "0..1", description = "The local training CSV.")
    private Path file;

    @Option(names = "--server-csv", paramLabel = "PATH",
            description = "Train from this CSV on the server instead of a local FILE.")
    private String serverCsv;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the split, folds and forest (server: 42).")
    private Long seed;

    @Option(names = "--threshold", paramLabel = "P",
            description = "Decision threshold of the metrics, 0 to 1 (server: assignment.threshold).")
    private Double threshold;

    @Option(names = "--force", description = "Swap the new model in even if it scores lower.")
    private boolean force;

    @Option(names = "--dry-run", description = "Train and evaluate only; never swap.")
    private boolean dryRun;

    @Option(names = "--json", description = "Print the response as proto3 JSON.")
    private boolean json;

    @Option(names = "--no-progress", description = "Do not show the progress bar of the upload.")
    private boolean noProgress;

    @Spec
    private CommandSpec spec;

    private final UpskillCommand root;

    ModelTrainCommand(UpskillCommand root) {
        this.root = root;
    }

    @Override
    public Integer call() throws IOException {
        if ((file == null) == (serverCsv == null)) {
            throw new ParameterException(spec.commandLine(), "give either FILE or --server-csv PATH");
        }
        if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
            throw new ParameterException(spec.commandLine(), "--threshold must be 0 to 1, not " + threshold);
        }
        TrainingSpec.Builder training = TrainingSpec.newBuilder().setForce(force).setDryRun(dryRun);
        if (seed != null) {
            training.setSeed(seed);
        }
        if (threshold != null) {
            training.setThreshold(threshold);
        }
        if (serverCsv != null) {
            training.setCsvPath(serverCsv);
        }
        List<TrainingRow> rows = file == null ? List.of() : TrainingCsv.read(file);
        PrintStream err = root.console().err();
        TrainModelResponse response;
        try (Connection connection = root.connect(DEFAULT_DEADLINE, spec)) {
            AssignmentServiceGrpc.AssignmentServiceStub stub = AssignmentServiceGrpc.newStub(connection.channel())
                    .withDeadlineAfter(connection.deadline().toNanos(), TimeUnit.NANOSECONDS);
            ProgressBar bar = ProgressBar.on(root.console(), rows.size(), "rows", noProgress || file == null);
            List<TrainModelRequest> messages = messages(training.build(), rows);
            try {
                // Each message is one "item" of the upload: the spec first, then the batches of rows.
                response = FlowControlledUpload.run(stub::trainModel, messages.iterator(), 1,
                        (batch, first) -> batch.getFirst(), sent -> {
                            bar.update(Math.min(rows.size(), (sent - 1) * BATCH_SIZE));
                            if (sent == messages.size()) {
                                bar.finish(rows.size());
                                err.println("training and evaluating on the server...");
                            }
                        });
            } catch (RuntimeException e) {
                bar.abandon();
                throw e;
            }
        }
        PrintStream out = root.console().out();
        if (json) {
            out.println(JsonFormat.printer().print(response));
            return ExitCodes.OK;
        }
        out.println((response.getSwapped() ? "swapped in: " : "not swapped: ") + response.getSwapReason());
        out.println();
        out.print(ModelReport.render(response.getModel(),
                response.hasPreviousModelMetrics() ? response.getPreviousModelMetrics() : null));
        return ExitCodes.OK;
    }

    /** The stream: the spec, then the rows in batches of {@value #BATCH_SIZE}. */
    private static List<TrainModelRequest> messages(TrainingSpec training, List<TrainingRow> rows) {
        List<TrainModelRequest> messages = new ArrayList<>();
        messages.add(TrainModelRequest.newBuilder().setSpec(training).build());
        for (List<TrainingRow> batch : Lists.partition(rows, BATCH_SIZE)) {
            messages.add(TrainModelRequest.newBuilder().setRows(TrainingRows.newBuilder().addAllRows(batch)).build());
        }
        return messages;
    }
}
