package dev.upskill.journey.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /metrics} on the engine's HTTP port: the meter registry in Prometheus's text format, for a scraper and
 * for the journey benchmark. Read-only and without authentication, like the inference server's: it holds timings per
 * step topic, no company data.
 */
@RestController
class MetricsController {

    /** Prometheus's text exposition format. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    MetricsController(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @GetMapping(path = "/metrics", produces = CONTENT_TYPE)
    String metrics() {
        return registry.scrape();
    }
}
