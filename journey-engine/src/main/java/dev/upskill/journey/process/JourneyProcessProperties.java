package dev.upskill.journey.process;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How journeys start.
 *
 * @param maxCycles learning cycles (gap analysis → learning path → progress → re-assessment) a journey runs at most
 *     before it completes with gaps left open; the {@code maxCycles} variable of {@code learning-journey}
 */
@ConfigurationProperties("upskill.journey")
public record JourneyProcessProperties(@DefaultValue("3") int maxCycles) {

    public JourneyProcessProperties {
        if (maxCycles < 1 || maxCycles > 100) {
            throw new IllegalArgumentException("upskill.journey.max-cycles: 1 to 100, was " + maxCycles);
        }
    }
}
