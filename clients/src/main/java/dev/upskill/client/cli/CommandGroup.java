package dev.upskill.client.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * A group of subcommands ({@code upskill catalog}, {@code journey}, {@code model}): given without a subcommand it
 * prints the group's usage, with its list of subcommands, and exits with {@link ExitCodes#USAGE}. A group is a
 * subclass carrying only its {@code @Command} annotation.
 */
abstract class CommandGroup implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
