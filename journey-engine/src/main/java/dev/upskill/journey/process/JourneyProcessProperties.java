package dev.upskill.journey.process;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How journeys start.
 *
 * @param maxCycles learning cycles (gap analysis → learning path → progress → re-assessment) a journey runs at most
 *     before it completes with gaps left open; the {@code maxCycles} variable of {@code learning-journey}
 * @param reminderInterval how long without progress on a learning path before the employee is reminded (again)
 * @param escalationAfter how long a learning path may see no update before the manager is asked to follow up
 */
@ConfigurationProperties("upskill.journey")
public record JourneyProcessProperties(
        @DefaultValue("3") int maxCycles,
        @DefaultValue("3d") Duration reminderInterval,
        @DefaultValue("14d") Duration escalationAfter) {

    public JourneyProcessProperties {
        if (maxCycles < 1 || maxCycles > 100) {
            throw new IllegalArgumentException("upskill.journey.max-cycles: 1 to 100, was " + maxCycles);
        }
        if (reminderInterval.toMinutes() < 1 || escalationAfter.toMinutes() < 1) {
            throw new IllegalArgumentException("upskill.journey.reminder-interval and escalation-after: at least 1m");
        }
    }
}
