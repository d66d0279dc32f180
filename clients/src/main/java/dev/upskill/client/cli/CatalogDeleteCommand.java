package dev.upskill.client.cli;

import dev.upskill.client.CatalogClient;
import dev.upskill.proto.v1.DeleteCoursesResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code upskill catalog delete --tenant T ID... | --all}: deletes courses. */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Deletes courses of a tenant by id, or all of them with --all (the competency framework is "
                + "kept). Ids that do not exist are reported, not an error.")
final class CatalogDeleteCommand implements Callable<Integer> {

    @Parameters(paramLabel = "ID", arity = "0..*", description = "Ids of the courses to delete (at most 1,000).")
    private List<String> ids = List.of();

    @Option(names = "--all", description = "Delete every course of the tenant.")
    private boolean all;

    @Mixin
    private TenantOption tenant;

    @Spec
    private CommandSpec spec;

    private final UpskillCommand root;

    CatalogDeleteCommand(UpskillCommand root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        if (all == !ids.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "give either course ids or --all");
        }
        try (Connection connection = root.connect(UpskillCommand.DEFAULT_DEADLINE, spec)) {
            CatalogClient client = new CatalogClient(connection.channel(), connection.deadline());
            DeleteCoursesResponse response =
                    all ? client.deleteAll(tenant.tenant()) : client.delete(tenant.tenant(), ids);
            PrintStream out = root.console().out();
            out.printf(Locale.ROOT, "deleted %,d courses; the catalog now has %,d courses%n",
                    response.getDeleted(), response.getCatalogSize());
            if (response.getNotFoundCourseIdsCount() > 0) {
                out.println("not found: " + String.join(", ", response.getNotFoundCourseIdsList()));
            }
            return ExitCodes.OK;
        }
    }
}
