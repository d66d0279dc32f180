package dev.upskill.client.cli;

import dev.upskill.client.channel.ServerChannel;
import dev.upskill.client.inference.RetrySettings;
import io.grpc.ManagedChannel;

import java.util.Arrays;

/**
 * Opens real network channels the way the typed clients do ({@link ServerChannel}): round robin over the
 * addresses, retries on UNAVAILABLE for the methods safe to repeat, TLS trusting the given CA certificates or
 * plaintext, and the API key on every call.
 */
public final class GrpcChannels implements ChannelFactory {

    @Override
    public ManagedChannel open(Endpoint endpoint) {
        return ServerChannel.open(ServerChannel.checkAddresses(Arrays.asList(endpoint.addresses().split(",", -1))),
                endpoint.tlsCa(), endpoint.apiKey(), RetrySettings.DEFAULTS, endpoint.retryable());
    }
}
