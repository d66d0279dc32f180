package dev.upskill.client.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.upskill.client.journey.JourneyClient;
import dev.upskill.proto.v1.GetJourneyResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code upskill journey status EMPLOYEE --tenant T}: the journey dashboard. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Prints the dashboard of an employee's journey (the running one, else the latest finished one): "
                + "the steps with done / current / pending and their times, the completion percentage, and the "
                + "current learning path with each course's status; or the whole response as JSON.")
final class JourneyStatusCommand implements Callable<Integer> {

    @Parameters(paramLabel = "EMPLOYEE", description = "The employee's id.")
    private String employee;

    @Mixin
    private TenantOption tenant;

    @Option(names = "--json", description = "Print the response as proto3 JSON instead of the dashboard.")
    private boolean json;

    @Spec
    private CommandSpec spec;

    private final UpskillCommand root;

    JourneyStatusCommand(UpskillCommand root) {
        this.root = root;
    }

    @Override
    public Integer call() throws InvalidProtocolBufferException {
        try (JourneyClient journeys = root.journeyClient(UpskillCommand.DEFAULT_DEADLINE, spec)) {
            GetJourneyResponse journey = journeys.journey(tenant.tenant(), employee);
            root.console().out().print(json ? JsonFormat.printer().print(journey) + "\n"
                    : JourneyDashboard.render(journey));
            return ExitCodes.OK;
        }
    }
}
