package dev.upskill.client.channel;

import dev.upskill.client.inference.RetrySettings;
import io.grpc.CallCredentials;
import io.grpc.ChannelCredentials;
import io.grpc.CompositeChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.NameResolverRegistry;
import io.grpc.TlsChannelCredentials;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Opens the one channel a typed client uses over all its servers (InferenceClient, JourneyClient): round robin
 * over a fixed address list, a retry policy on UNAVAILABLE for the methods the client names as safe to repeat,
 * plaintext or TLS, and an optional API key sent with every call. The channel is lazy: nothing is resolved or
 * connected until the first call, so opening it never fails because a server is down.
 */
public final class ServerChannel {

    private ServerChannel() {
    }

    /**
     * @param addresses the servers, checked by {@link #checkAddresses}
     * @param tlsCa a PEM file of CA certificates to trust, or null for plaintext
     * @param apiKey sent as {@code authorization: Bearer <key>} with every call, or null for none
     * @param retry the retry policy of the {@code retryable} methods
     * @param retryable the methods a retry cannot harm; every other method is never retried by policy
     * @throws UncheckedIOException when the TLS CA file cannot be read as PEM certificates
     */
    public static ManagedChannel open(List<ServerAddress> addresses, Path tlsCa, String apiKey, RetrySettings retry,
            List<MethodDescriptor<?, ?>> retryable) {
        NameResolverRegistry resolvers = new NameResolverRegistry();
        resolvers.register(new StaticAddressNameResolverProvider(addresses));
        ChannelCredentials credentials = transport(tlsCa);
        if (apiKey != null) {
            CallCredentials key = new ApiKeyCredentials(apiKey);
            credentials = CompositeChannelCredentials.create(credentials, key);
        }
        return Grpc.newChannelBuilder(StaticAddressNameResolverProvider.TARGET, credentials, resolvers)
                .defaultServiceConfig(ServiceConfig.of(retry, retryable))
                // Our resolver never supplies a service config; this says so and keeps the default in force.
                .disableServiceConfigLookUp()
                .enableRetry()
                // The channel caps a policy's maxAttempts at this (default 5); RetrySettings already bounds it.
                .maxRetryAttempts(retry.maxAttempts())
                .build();
    }

    /**
     * Checks an address list as a client's settings give it: at least one, each {@code host:port}, none twice.
     *
     * @return the parsed addresses, in order
     * @throws IllegalArgumentException naming the first bad entry ({@code addresses[1]})
     */
    public static List<ServerAddress> checkAddresses(List<String> addresses) {
        if (addresses == null || addresses.isEmpty()) {
            throw new IllegalArgumentException("addresses: at least one host:port is needed");
        }
        Map<ServerAddress, Integer> seen = new HashMap<>();
        for (int i = 0; i < addresses.size(); i++) {
            ServerAddress address = ServerAddress.parse("addresses[" + i + "]", addresses.get(i));
            Integer before = seen.putIfAbsent(address, i);
            if (before != null) {
                // Listed twice, a server would get twice the share of calls: most likely a copy-paste slip.
                throw new IllegalArgumentException(
                        "addresses[" + i + "]: '" + addresses.get(i) + "' repeats addresses[" + before + "]");
            }
        }
        return addresses.stream().map(text -> ServerAddress.parse("addresses", text)).toList();
    }

    /** @throws IllegalArgumentException when the file is given but is not a readable file */
    public static void checkTlsCa(Path tlsCa) {
        if (tlsCa != null && !(Files.isRegularFile(tlsCa) && Files.isReadable(tlsCa))) {
            throw new IllegalArgumentException("tls-ca: " + tlsCa + " is not a readable file");
        }
    }

    /** @throws IllegalArgumentException when the key is given but blank or not a valid header value */
    public static void checkApiKey(String apiKey) {
        if (apiKey != null && (apiKey.isBlank() || !apiKey.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
            throw new IllegalArgumentException("api-key must be printable ASCII without spaces");
        }
    }

    /**
     * Shuts a channel down: new calls fail at once, calls in flight get up to {@code grace} to finish and are then
     * cancelled. Returns once the channel has terminated or a further second has passed.
     */
    public static void close(ManagedChannel channel, Duration grace) {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                channel.shutdownNow();
                channel.awaitTermination(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static ChannelCredentials transport(Path tlsCa) {
        if (tlsCa == null) {
            return InsecureChannelCredentials.create();
        }
        try {
            return TlsChannelCredentials.newBuilder().trustManager(tlsCa.toFile()).build();
        } catch (IOException | IllegalArgumentException e) {
            throw new UncheckedIOException(new IOException(
                    "tls-ca: " + tlsCa + " holds no usable PEM CA certificates: " + e.getMessage(), e));
        }
    }
}
