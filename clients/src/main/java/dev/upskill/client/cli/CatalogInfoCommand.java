package dev.upskill.client.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;
import dev.upskill.client.CatalogClient;
import dev.upskill.proto.v1.GetCatalogInfoResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code upskill catalog info --tenant T}: the size, backend and versions of a tenant's catalog. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Prints the number of courses and competencies of a tenant, the backend, and the index and "
                + "embedding model versions.")
final class CatalogInfoCommand implements Callable<Integer> {

    @Mixin
    private TenantOption tenant;

    @Option(names = "--json", description = "Print the response as proto3 JSON.")
    private boolean json;

    @Spec
    private CommandSpec spec;

    private final UpskillCommand root;

    CatalogInfoCommand(UpskillCommand root) {
        this.root = root;
    }

    @Override
    public Integer call() throws InvalidProtocolBufferException {
        try (Connection connection = root.connect(UpskillCommand.DEFAULT_DEADLINE, spec)) {
            GetCatalogInfoResponse info =
                    new CatalogClient(connection.channel(), connection.deadline()).info(tenant.tenant());
            PrintStream out = root.console().out();
            if (json) {
                out.println(JsonFormat.printer().print(info));
                return ExitCodes.OK;
            }
            out.printf(Locale.ROOT, "tenant           %s%n", tenant.tenant());
            out.printf(Locale.ROOT, "courses          %,d%n", info.getCourseCount());
            out.printf(Locale.ROOT, "competencies     %,d%n", info.getCompetencyCount());
            out.printf(Locale.ROOT, "backend          %s%n",
                    info.getBackend().name().replace("CATALOG_BACKEND_", "").toLowerCase(Locale.ROOT));
            out.printf(Locale.ROOT, "lexical search   %s%n", info.getLexicalSearch() ? "yes" : "no");
            out.printf(Locale.ROOT, "dimensions       %d%n", info.getDimensions());
            out.printf(Locale.ROOT, "embedding model  %s %s%n", info.getEmbeddingModel().getName(),
                    info.getEmbeddingModel().getVersion());
            out.printf(Locale.ROOT, "index version    %s%n", info.getIndexVersion());
            out.printf(Locale.ROOT, "updated at       %s%n",
                    info.hasUpdatedAt() ? Timestamps.toString(info.getUpdatedAt()) : "never");
            return ExitCodes.OK;
        }
    }
}
