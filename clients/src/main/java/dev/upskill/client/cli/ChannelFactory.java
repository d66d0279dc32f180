package dev.upskill.client.cli;

import io.grpc.ManagedChannel;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Opens the channel a command talks to. {@link UpskillCommand#main} uses {@link GrpcChannels}; a test passes
 * one that opens an in-process channel to a fake or real server.
 */
@FunctionalInterface
public interface ChannelFactory {

    /**
     * @param address the {@code --address} value, {@code host:port}
     * @param tlsCa the {@code --tls-ca} file (PEM CA certificates to trust), or null for plaintext
     * @throws IOException when the CA file cannot be read
     */
    ManagedChannel open(String address, Path tlsCa) throws IOException;
}
