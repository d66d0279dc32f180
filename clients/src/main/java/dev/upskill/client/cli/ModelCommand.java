package dev.upskill.client.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code upskill model}: the group of assignment model commands; alone it prints their list. */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = "Train the assignment success model and show how the serving one scores "
                + "(upskill.v1.AssignmentService).")
final class ModelCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
