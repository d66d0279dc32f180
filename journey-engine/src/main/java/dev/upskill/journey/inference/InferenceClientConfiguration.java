package dev.upskill.journey.inference;

import dev.upskill.client.inference.InferenceClient;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one {@link InferenceClient} of the engine. Its channel connects at the first call, not here, so the engine
 * starts (and its tests run) with no inference server up; calls made while none is reachable fail UNAVAILABLE. Its
 * calls are timed by {@link InferenceCallTime}, so a journey step's metrics can subtract the inference it waited for.
 */
@Configuration(proxyBeanMethods = false)
class InferenceClientConfiguration {

    @Bean(destroyMethod = "close")
    InferenceClient inferenceClient(InferenceProperties properties, InferenceCallTime callTime) {
        return new InferenceClient(properties.toSettings(), List.of(callTime));
    }
}
