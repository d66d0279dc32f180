package dev.upskill.client.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.upskill.proto.v1.AssignmentServiceGrpc;
import dev.upskill.proto.v1.GetModelInfoRequest;
import dev.upskill.proto.v1.GetModelInfoResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** {@code upskill model evaluate}: the serving model's evaluation (GetModelInfo). */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {
            "Prints the evaluation of the serving assignment model, as measured when it was trained: ROC-AUC, F1, "
                    + "precision, recall and accuracy on its 20 % test split and in 5-fold cross-validation, the "
                    + "confusion matrix, and its provenance (version, data source, rows, training time).",
            "To evaluate a new data set without replacing the serving model: model train FILE --dry-run."
        })
final class ModelEvaluateCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print the response as proto3 JSON.")
    private boolean json;

    @Spec
    private CommandSpec spec;

    private final UpskillCommand root;

    ModelEvaluateCommand(UpskillCommand root) {
        this.root = root;
    }

    @Override
    public Integer call() throws InvalidProtocolBufferException {
        try (Connection connection = root.connect(UpskillCommand.DEFAULT_DEADLINE, spec)) {
            GetModelInfoResponse info = AssignmentServiceGrpc.newBlockingStub(connection.channel())
                    .withDeadlineAfter(connection.deadline().toNanos(), TimeUnit.NANOSECONDS)
                    .getModelInfo(GetModelInfoRequest.getDefaultInstance());
            root.console().out().print(json ? JsonFormat.printer().print(info) + "\n"
                    : ModelReport.render(info.getModel(), null));
            return ExitCodes.OK;
        }
    }
}
