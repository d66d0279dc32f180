package dev.upskill.client.cli;

import picocli.CommandLine.Command;

/** {@code upskill catalog}: the group of course catalog commands; alone it prints their list. */
@Command(name = "catalog", mixinStandardHelpOptions = true,
        description = "Import, search and inspect a tenant's course catalog (upskill.v1.CatalogService).")
final class CatalogCommand extends CommandGroup {
}
