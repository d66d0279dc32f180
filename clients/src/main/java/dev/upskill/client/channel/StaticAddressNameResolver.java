package dev.upskill.client.channel;

import io.grpc.Attributes;
import io.grpc.ChannelLogger;
import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.Status;
import io.grpc.SynchronizationContext;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Turns the configured {@code host:port} list into socket addresses, one address group (one subchannel for
 * round robin) per IP. Host names are looked up again whenever the channel asks (a server went away), so a
 * server that moved to a new IP is found without restarting the client.
 *
 * <p>Look-ups block, so they run on the channel's offload executor; the channel calls {@link #start} and
 * {@link #refresh} in its synchronization context, and the results go back through that context, so the
 * fields need no lock.
 */
final class StaticAddressNameResolver extends NameResolver {

    private final List<ServerAddress> addresses;
    private final Executor offloadExecutor;
    private final SynchronizationContext syncContext;
    private final ChannelLogger logger;
    private Listener2 listener;
    private boolean resolving;
    private boolean shutdown;

    StaticAddressNameResolver(List<ServerAddress> addresses, Executor offloadExecutor,
            SynchronizationContext syncContext, ChannelLogger logger) {
        this.addresses = addresses;
        this.offloadExecutor = offloadExecutor;
        this.syncContext = syncContext;
        this.logger = logger;
    }

    @Override
    public String getServiceAuthority() {
        // The default :authority of calls; each address group overrides it with its own host (see lookUp).
        return addresses.getFirst().authority();
    }

    @Override
    public void start(Listener2 listener) {
        this.listener = listener;
        resolve();
    }

    @Override
    public void refresh() {
        resolve();
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    private void resolve() {
        if (resolving || shutdown) {
            return;
        }
        resolving = true;
        offloadExecutor.execute(() -> {
            List<String> failures = new ArrayList<>();
            List<EquivalentAddressGroup> groups = lookUp(failures);
            syncContext.execute(() -> {
                resolving = false;
                if (shutdown) {
                    return;
                }
                if (groups.isEmpty()) {
                    // The channel retries resolution with backoff after an error, and fails calls meanwhile.
                    listener.onError(Status.UNAVAILABLE.withDescription(
                            "no server address resolves: " + String.join("; ", failures)));
                    return;
                }
                for (String failure : failures) {
                    logger.log(ChannelLogger.ChannelLogLevel.WARNING, "server address skipped: {0}",
                            failure);
                }
                listener.onResult(ResolutionResult.newBuilder().setAddresses(groups).build());
            });
        });
    }

    private List<EquivalentAddressGroup> lookUp(List<String> failures) {
        Set<EquivalentAddressGroup> groups = new LinkedHashSet<>();
        for (ServerAddress address : addresses) {
            // TLS checks each server's certificate against the host it is listed under, not the first one's.
            Attributes attributes = Attributes.newBuilder()
                    .set(EquivalentAddressGroup.ATTR_AUTHORITY_OVERRIDE, address.authority())
                    .build();
            try {
                for (InetAddress ip : InetAddress.getAllByName(address.host())) {
                    groups.add(new EquivalentAddressGroup(new InetSocketAddress(ip, address.port()), attributes));
                }
            } catch (UnknownHostException e) {
                failures.add(address.authority() + ": unknown host");
            }
        }
        return List.copyOf(groups);
    }
}
