package dev.upskill.client.cli;

import picocli.CommandLine.Command;

/** {@code upskill journey}: the group of learning journey commands; alone it prints their list. */
@Command(name = "journey", mixinStandardHelpOptions = true,
        description = "Start learning journeys and show where they stand (upskill.v1.JourneyService on the journey "
                + "engine, --journey-address).")
final class JourneyCommand extends CommandGroup {
}
