package dev.upskill.journey;

import dev.upskill.journey.api.JourneyGrpcServer;
import dev.upskill.proto.v1.JourneyServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * JourneyService stubs for a test, over one plaintext Netty channel on loopback to the engine's gRPC server: the
 * transport a client uses. Import it into a test's context ({@code @Import(JourneyStubs.class)}); the context closes
 * the channel when it closes.
 *
 * <p>Every stub's deadline starts when it is asked for: a stub built once in a set-up method would carry one deadline
 * for the whole class and fail its later calls once the class runs longer than that.
 */
public final class JourneyStubs implements AutoCloseable {

    /** The deadline of each call: long, as a busy CI machine may run an import or a start slowly. */
    static final Duration DEADLINE = Duration.ofSeconds(60);

    private final JourneyGrpcServer server;
    private ManagedChannel channel;

    public JourneyStubs(JourneyGrpcServer server) {
        this.server = server;
    }

    /** The channel, opened at the first use: the server has its port only once the context has started it. */
    public synchronized ManagedChannel channel() {
        if (channel == null) {
            channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
        }
        return channel;
    }

    /** A blocking stub whose deadline starts now. */
    public JourneyServiceGrpc.JourneyServiceBlockingStub blocking() {
        return JourneyServiceGrpc.newBlockingStub(channel()).withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** An async stub (for the import streams) whose deadline starts now. */
    public JourneyServiceGrpc.JourneyServiceStub async() {
        return JourneyServiceGrpc.newStub(channel()).withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
