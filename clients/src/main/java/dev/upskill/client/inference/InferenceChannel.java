package dev.upskill.client.inference;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.NameResolverRegistry;
import io.grpc.TlsChannelCredentials;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Opens the one channel over all inference servers. The channel is lazy: nothing is resolved or connected until
 * the first call, so opening it never fails because a server is down.
 */
final class InferenceChannel {

    private InferenceChannel() {
    }

    /** @throws UncheckedIOException when the TLS CA file cannot be read as PEM certificates */
    static ManagedChannel open(InferenceSettings settings) {
        NameResolverRegistry resolvers = new NameResolverRegistry();
        resolvers.register(new StaticAddressNameResolverProvider(settings.parsedAddresses()));
        RetrySettings retry = settings.retry();
        return Grpc.newChannelBuilder(StaticAddressNameResolverProvider.TARGET, credentials(settings), resolvers)
                .defaultServiceConfig(InferenceServiceConfig.of(retry))
                // Our resolver never supplies a service config; this says so and keeps the default in force.
                .disableServiceConfigLookUp()
                .enableRetry()
                // The channel caps a policy's maxAttempts at this (default 5); RetrySettings already bounds it.
                .maxRetryAttempts(retry.maxAttempts())
                .build();
    }

    private static ChannelCredentials credentials(InferenceSettings settings) {
        if (settings.tlsCa() == null) {
            return InsecureChannelCredentials.create();
        }
        try {
            return TlsChannelCredentials.newBuilder().trustManager(settings.tlsCa().toFile()).build();
        } catch (IOException | IllegalArgumentException e) {
            throw new UncheckedIOException(new IOException(
                    "tls-ca: " + settings.tlsCa() + " holds no usable PEM CA certificates: " + e.getMessage(), e));
        }
    }
}
