package dev.upskill.client.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code upskill catalog}: the group of course catalog commands; alone it prints their list. */
@Command(name = "catalog", mixinStandardHelpOptions = true,
        description = "Import, search and inspect a tenant's course catalog (upskill.v1.CatalogService).")
final class CatalogCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
