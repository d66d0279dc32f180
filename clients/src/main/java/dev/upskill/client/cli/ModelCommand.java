package dev.upskill.client.cli;

import picocli.CommandLine.Command;

/** {@code upskill model}: the group of assignment model commands; alone it prints their list. */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = "Train the assignment success model and show how the serving one scores "
                + "(upskill.v1.AssignmentService).")
final class ModelCommand extends CommandGroup {
}
