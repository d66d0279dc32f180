package dev.upskill.client.journey;

import dev.upskill.client.channel.ServerAddress;
import dev.upskill.client.channel.ServerChannel;
import dev.upskill.client.inference.RetrySettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything {@link JourneyClient} needs to reach the journey engines. Immutable; checked once, when built, so a
 * bad setting fails at start-up with its name rather than at the first call.
 *
 * @param addresses one or more {@code host:port} of journey engines (port 9091 by default); calls are spread
 *     over all of them (round robin) and one that is down is skipped
 * @param deadline the deadline of each call but the imports; default 10 s. A deadline covers the whole call,
 *     retries and their backoff included.
 * @param importDeadline the deadline of an import (one client stream, applied in one transaction when it ends)
 *     and of ImportEsco; default 10 min, as a full ESCO release takes minutes
 * @param retry how calls that are safe to repeat are retried on UNAVAILABLE (see {@link JourneyClient})
 * @param tlsCa a PEM file of the CA certificates to trust, or null for plaintext
 * @param apiKey sent with every call as {@code authorization: Bearer <key>}, or null for none. The journey
 *     engine does not check keys yet (issue 10); over plaintext the key is sent unencrypted.
 */
public record JourneySettings(List<String> addresses, Duration deadline, Duration importDeadline,
        RetrySettings retry, Path tlsCa, String apiKey) {

    /** The journey engine's default gRPC port. */
    public static final int DEFAULT_PORT = 9091;
    /** The default of {@link #deadline()}. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);
    /** The default of {@link #importDeadline()}. */
    public static final Duration DEFAULT_IMPORT_DEADLINE = Duration.ofMinutes(10);

    /** @throws IllegalArgumentException naming the first setting that is missing or invalid */
    public JourneySettings {
        ServerChannel.checkAddresses(addresses);
        addresses = List.copyOf(addresses);
        checkPositive("deadline", deadline);
        checkPositive("import-deadline", importDeadline);
        if (retry == null) {
            throw new IllegalArgumentException("retry is missing");
        }
        ServerChannel.checkTlsCa(tlsCa);
        ServerChannel.checkApiKey(apiKey);
    }

    /** Plaintext to the given addresses with the default deadlines and retries, no API key. */
    public static JourneySettings of(List<String> addresses) {
        return new JourneySettings(addresses, DEFAULT_DEADLINE, DEFAULT_IMPORT_DEADLINE, RetrySettings.DEFAULTS,
                null, null);
    }

    /** These settings with other deadlines. */
    public JourneySettings withDeadlines(Duration newDeadline, Duration newImportDeadline) {
        return new JourneySettings(addresses, newDeadline, newImportDeadline, retry, tlsCa, apiKey);
    }

    /** These settings with another retry policy. */
    public JourneySettings withRetry(RetrySettings newRetry) {
        return new JourneySettings(addresses, deadline, importDeadline, newRetry, tlsCa, apiKey);
    }

    /** These settings with TLS trusting the CA certificates in a PEM file (null: plaintext). */
    public JourneySettings withTlsCa(Path newTlsCa) {
        return new JourneySettings(addresses, deadline, importDeadline, retry, newTlsCa, apiKey);
    }

    /** These settings with an API key sent with every call (null: none). */
    public JourneySettings withApiKey(String newApiKey) {
        return new JourneySettings(addresses, deadline, importDeadline, retry, tlsCa, newApiKey);
    }

    List<ServerAddress> parsedAddresses() {
        return ServerChannel.checkAddresses(addresses);
    }

    private static void checkPositive(String setting, Duration value) {
        if (value == null) {
            throw new IllegalArgumentException(setting + " is missing");
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(setting + " must be positive, was " + value);
        }
    }
}
