package dev.upskill.client.channel;

import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;

import java.net.URI;
import java.util.List;

/**
 * Resolves the channel target {@code upskill-servers:///servers} to a fixed list of addresses. It is
 * registered in a {@link io.grpc.NameResolverRegistry} of one channel only (given to
 * {@link io.grpc.Grpc#newChannelBuilder(String, io.grpc.ChannelCredentials, io.grpc.NameResolverRegistry)}), not
 * in the global registry: two clients with different address lists must not see each other's.
 */
final class StaticAddressNameResolverProvider extends NameResolverProvider {

    static final String SCHEME = "upskill-servers";
    static final String TARGET = SCHEME + ":///servers";

    private final List<ServerAddress> addresses;

    StaticAddressNameResolverProvider(List<ServerAddress> addresses) {
        this.addresses = List.copyOf(addresses);
    }

    @Override
    public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
        if (!SCHEME.equals(targetUri.getScheme())) {
            return null;
        }
        return new StaticAddressNameResolver(addresses, args.getOffloadExecutor(), args.getSynchronizationContext(),
                args.getChannelLogger());
    }

    @Override
    public String getDefaultScheme() {
        return SCHEME;
    }

    @Override
    protected boolean isAvailable() {
        return true;
    }

    @Override
    protected int priority() {
        return 5;
    }
}
