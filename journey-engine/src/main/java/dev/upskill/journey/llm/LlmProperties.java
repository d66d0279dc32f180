package dev.upskill.journey.llm;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The LLM steps (an Ollama server's {@code /api/chat}, see {@link OllamaJson}). Off by default: the deterministic
 * paths serve.
 *
 * @param enabled true = gap analysis, question generation and answer feedback ask the model first
 * @param baseUrl the Ollama server
 * @param model the model name as Ollama knows it (e.g. {@code llama3.1:8b})
 * @param timeout per request; a slower answer counts as a failure
 * @param maxRetries retries after a failed request (timeout, connection, HTTP 5xx); then the deterministic path
 */
@ConfigurationProperties("upskill.journey.llm")
public record LlmProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("http://127.0.0.1:11434") String baseUrl,
        @DefaultValue("llama3.1:8b") String model,
        @DefaultValue("30s") Duration timeout,
        @DefaultValue("1") int maxRetries) {

    public LlmProperties {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException("upskill.journey.llm.base-url is empty");
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("upskill.journey.llm.model is empty");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("upskill.journey.llm.timeout must be positive, was " + timeout);
        }
        if (maxRetries < 0 || maxRetries > 5) {
            throw new IllegalArgumentException("upskill.journey.llm.max-retries: 0 to 5, was " + maxRetries);
        }
    }
}
