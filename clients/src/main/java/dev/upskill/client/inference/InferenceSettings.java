package dev.upskill.client.inference;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
 */
public record InferenceSettings(List<String> addresses, InferenceDeadlines deadlines, RetrySettings retry,
        Path tlsCa) {

    /** The inference server's default port. */
    public static final int DEFAULT_PORT = 9090;

    /** @throws IllegalArgumentException naming the first setting that is missing or invalid */
    public InferenceSettings {
        if (addresses == null || addresses.isEmpty()) {
            throw new IllegalArgumentException("addresses: at least one host:port is needed");
        }
        Map<InferenceAddress, Integer> seen = new HashMap<>();
        for (int i = 0; i < addresses.size(); i++) {
            InferenceAddress address = InferenceAddress.parse("addresses[" + i + "]", addresses.get(i));
            Integer before = seen.putIfAbsent(address, i);
            if (before != null) {
                // Listed twice, a server would get twice the share of calls: most likely a copy-paste slip.
                throw new IllegalArgumentException(
                        "addresses[" + i + "]: '" + addresses.get(i) + "' repeats addresses[" + before + "]");
            }
        }
        addresses = List.copyOf(addresses); // after the checks: it throws a bare NullPointerException on null
        if (deadlines == null) {
            throw new IllegalArgumentException("deadlines is missing");
        }
        if (retry == null) {
            throw new IllegalArgumentException("retry is missing");
        }
        if (tlsCa != null && !(Files.isRegularFile(tlsCa) && Files.isReadable(tlsCa))) {
            throw new IllegalArgumentException("tls-ca: " + tlsCa + " is not a readable file");
        }
    }

    /** Plaintext to the given addresses with the default deadlines and retries. */
    public static InferenceSettings of(List<String> addresses) {
        return new InferenceSettings(addresses, InferenceDeadlines.DEFAULTS, RetrySettings.DEFAULTS, null);
    }

    /** These settings with other deadlines. */
    public InferenceSettings withDeadlines(InferenceDeadlines newDeadlines) {
        return new InferenceSettings(addresses, newDeadlines, retry, tlsCa);
    }

    /** These settings with another retry policy. */
    public InferenceSettings withRetry(RetrySettings newRetry) {
        return new InferenceSettings(addresses, deadlines, newRetry, tlsCa);
    }

    /** The addresses, parsed (they were checked when the settings were built). */
    List<InferenceAddress> parsedAddresses() {
        return addresses.stream().map(text -> InferenceAddress.parse("addresses", text)).toList();
    }
}
