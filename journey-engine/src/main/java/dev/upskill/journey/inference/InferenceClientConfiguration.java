package dev.upskill.journey.inference;

import dev.upskill.client.inference.InferenceClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one {@link InferenceClient} of the engine. Its channel connects at the first call, not here, so the engine
 * starts (and its tests run) with no inference server up; calls made while none is reachable fail UNAVAILABLE.
 */
@Configuration(proxyBeanMethods = false)
class InferenceClientConfiguration {

    @Bean(destroyMethod = "close")
    InferenceClient inferenceClient(InferenceProperties properties) {
        return new InferenceClient(properties.toSettings());
    }
}
