package dev.upskill.client.cli;

import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Opens the channel a command talks to. {@link UpskillCommand#main} uses {@link GrpcChannels}; a test passes
 * one that opens an in-process channel to a fake or real server.
 */
@FunctionalInterface
public interface ChannelFactory {

    /**
     * Where and how a command connects, as the global options say.
     *
     * @param addresses the {@code --address} or {@code --journey-address} value: {@code host:port}, or several
     *                  separated by commas
     * @param tlsCa the {@code --tls-ca} file (PEM CA certificates to trust), or null for plaintext
     * @param apiKey the {@code --api-key} value, sent with every call, or null for none
     * @param retryable the methods of the server that are safe to retry when it answers UNAVAILABLE
     */
    record Endpoint(String addresses, Path tlsCa, String apiKey, List<MethodDescriptor<?, ?>> retryable) {
    }

    /**
     * @throws IOException when the CA file cannot be read
     * @throws IllegalArgumentException when an address is not {@code host:port}
     */
    ManagedChannel open(Endpoint endpoint) throws IOException;
}
