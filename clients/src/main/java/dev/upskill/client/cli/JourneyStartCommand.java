package dev.upskill.client.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.upskill.client.journey.JourneyClient;
import dev.upskill.proto.v1.StartJourneyResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code upskill journey start EMPLOYEE --tenant T}: starts a learning journey, or names the running one. */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Starts the learning journey of an employee. At most one runs per employee: when one is "
                + "running already, it is named and no second one starts (exit 0 either way).")
final class JourneyStartCommand implements Callable<Integer> {

    @Parameters(paramLabel = "EMPLOYEE", description = "The employee's id.")
    private String employee;

    @Mixin
    private TenantOption tenant;

    @Option(names = "--actor", paramLabel = "NAME", description = "Who starts it, for the audit log.")
    private String actor = "";

    @Option(names = "--json", description = "Print the response as proto3 JSON.")
    private boolean json;

    @Spec
    private CommandSpec spec;

    private final UpskillCommand root;

    JourneyStartCommand(UpskillCommand root) {
        this.root = root;
    }

    @Override
    public Integer call() throws InvalidProtocolBufferException {
        try (JourneyClient journeys = root.journeyClient(UpskillCommand.DEFAULT_DEADLINE, spec)) {
            StartJourneyResponse response = journeys.startJourney(tenant.tenant(), employee, actor);
            if (json) {
                root.console().out().println(JsonFormat.printer().print(response));
            } else if (response.getStarted()) {
                root.console().out().println("started the journey of " + employee + ": process instance "
                        + response.getProcessInstanceId());
            } else {
                root.console().out().println(employee + " already has a running journey: process instance "
                        + response.getProcessInstanceId());
            }
            return ExitCodes.OK;
        }
    }
}
