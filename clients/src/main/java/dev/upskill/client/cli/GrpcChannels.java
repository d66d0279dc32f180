package dev.upskill.client.cli;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;

import java.io.IOException;
import java.nio.file.Path;

/** Opens real network channels: TLS trusting the given CA certificates, or plaintext without them. */
public final class GrpcChannels implements ChannelFactory {

    @Override
    public ManagedChannel open(String address, Path tlsCa) throws IOException {
        ChannelCredentials credentials = tlsCa == null
                ? InsecureChannelCredentials.create()
                : TlsChannelCredentials.newBuilder().trustManager(tlsCa.toFile()).build();
        // A bare host:port is not a URI gRPC knows, so it resolves it through DNS, as wanted.
        return Grpc.newChannelBuilder(address, credentials).build();
    }
}
