package dev.upskill.journey.inference;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The push of the engine's catalog (competencies and courses) to the inference server.
 *
 * @param enabled false = never push (an engine whose inference server gets its catalog elsewhere)
 * @param interval how often changed items are looked for and pushed; also the retry interval when a push failed
 */
@ConfigurationProperties("upskill.journey.catalog-sync")
public record CatalogSyncProperties(@DefaultValue("true") boolean enabled, @DefaultValue("30s") Duration interval) {

    public CatalogSyncProperties {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("upskill.journey.catalog-sync.interval: positive, was " + interval);
        }
    }
}
