package dev.upskill.journey.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The engine's one meter registry, in Prometheus's format as the inference server's: the journey steps' timers
 * (dev.upskill.journey.steps.StepMetrics). Built here rather than by Spring Boot Actuator, which the engine does not
 * otherwise need; {@link MetricsController} serves it.
 */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

    @Bean(destroyMethod = "close")
    PrometheusMeterRegistry meterRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }
}
