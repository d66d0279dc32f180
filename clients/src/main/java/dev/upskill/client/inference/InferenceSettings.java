package dev.upskill.client.inference;

import dev.upskill.client.channel.ServerAddress;
import dev.upskill.client.channel.ServerChannel;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything {@link InferenceClient} needs to reach the inference servers. Immutable; checked once, when built,
 * so a bad setting fails at start-up with its name rather than at the first call.
 *
 * @param addresses one or more {@code host:port}; calls are spread over all of them (round robin) and a server
 *     that is down is skipped. A host name that resolves to several IPs counts as several servers.
 * @param deadlines the deadline of each call, per service
 * @param retry how calls that are safe to repeat are retried on UNAVAILABLE
 * @param tlsCa a PEM file of the CA certificates to trust, or null for plaintext (the default: the servers are
 *     on a private network). With TLS each server's certificate must be valid for the host name it is listed under.
 * @param apiKey sent with every call as {@code authorization: Bearer <key>}, or null for none. The servers do not
 *     check keys yet (issue 10); over plaintext the key is sent unencrypted.
 */
public record InferenceSettings(List<String> addresses, InferenceDeadlines deadlines, RetrySettings retry,
        Path tlsCa, String apiKey) {

    /** The inference server's default port. */
    public static final int DEFAULT_PORT = 9090;

    /** @throws IllegalArgumentException naming the first setting that is missing or invalid */
    public InferenceSettings {
        ServerChannel.checkAddresses(addresses);
        addresses = List.copyOf(addresses); // after the checks: it throws a bare NullPointerException on null
        if (deadlines == null) {
            throw new IllegalArgumentException("deadlines is missing");
        }
        if (retry == null) {
            throw new IllegalArgumentException("retry is missing");
        }
        ServerChannel.checkTlsCa(tlsCa);
        ServerChannel.checkApiKey(apiKey);
    }

    /** Settings without an API key. */
    public InferenceSettings(List<String> addresses, InferenceDeadlines deadlines, RetrySettings retry,
            Path tlsCa) {
        this(addresses, deadlines, retry, tlsCa, null);
    }

    /** Plaintext to the given addresses with the default deadlines and retries. */
    public static InferenceSettings of(List<String> addresses) {
        return new InferenceSettings(addresses, InferenceDeadlines.DEFAULTS, RetrySettings.DEFAULTS, null);
    }

    /** These settings with other deadlines. */
    public InferenceSettings withDeadlines(InferenceDeadlines newDeadlines) {
        return new InferenceSettings(addresses, newDeadlines, retry, tlsCa, apiKey);
    }

    /** These settings with another retry policy. */
    public InferenceSettings withRetry(RetrySettings newRetry) {
        return new InferenceSettings(addresses, deadlines, newRetry, tlsCa, apiKey);
    }

    /** These settings with an API key sent with every call (null: none). */
    public InferenceSettings withApiKey(String newApiKey) {
        return new InferenceSettings(addresses, deadlines, retry, tlsCa, newApiKey);
    }

    /** The addresses, parsed (they were checked when the settings were built). */
    List<ServerAddress> parsedAddresses() {
        return ServerChannel.checkAddresses(addresses);
    }
}
