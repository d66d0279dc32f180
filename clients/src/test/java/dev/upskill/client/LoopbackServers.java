package dev.upskill.client;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real Netty gRPC servers on free loopback ports, shut down together at the end of a test. */
public final class LoopbackServers implements AutoCloseable {

    private final List<Server> servers = new ArrayList<>();

    /** Starts a server with the given services and returns its {@code host:port}. */
    public String start(BindableService... services) throws IOException {
        NettyServerBuilder builder =
                NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        for (BindableService service : services) {
            builder.addService(service);
        }
        Server server = builder.build().start();
        servers.add(server);
        return "127.0.0.1:" + server.getPort();
    }

    /** Stops the n-th started server and waits until it has. */
    public void stop(int index) throws InterruptedException {
        servers.get(index).shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        for (Server server : servers) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
