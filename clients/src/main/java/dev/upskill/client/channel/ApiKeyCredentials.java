package dev.upskill.client.channel;

import io.grpc.CallCredentials;
import io.grpc.Metadata;

import java.util.concurrent.Executor;

/**
 * Sends an API key with every call as {@code authorization: Bearer <key>}. The servers do not check keys yet
 * (issue 10): today the key only shows what a client will send. Over plaintext the key travels unencrypted, so
 * give one only together with TLS outside a private network.
 */
public final class ApiKeyCredentials extends CallCredentials {

    /** The header the key travels in. */
    public static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final String header;

    /** @param apiKey the key, printable ASCII without spaces (checked by {@link ServerChannel#checkApiKey}) */
    public ApiKeyCredentials(String apiKey) {
        ServerChannel.checkApiKey(apiKey);
        this.header = "Bearer " + apiKey;
    }

    @Override
    public void applyRequestMetadata(RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
        Metadata metadata = new Metadata();
        metadata.put(AUTHORIZATION, header);
        applier.apply(metadata);
    }

    @Override
    public String toString() {
        return "ApiKeyCredentials[Bearer ***]"; // never the key itself, e.g. in a log line
    }
}
