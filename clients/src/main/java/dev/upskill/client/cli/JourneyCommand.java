package dev.upskill.client.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code upskill journey}: the group of learning journey commands; alone it prints their list. */
@Command(name = "journey", mixinStandardHelpOptions = true,
        description = "Start learning journeys and show where they stand (upskill.v1.JourneyService on the journey "
                + "engine, --journey-address).")
final class JourneyCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
