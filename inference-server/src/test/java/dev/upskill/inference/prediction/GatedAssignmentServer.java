package dev.upskill.inference.prediction;

import dev.upskill.inference.rpc.RequestIdInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * The assignment service over the in-process transport, with the runtime in the test's hands: its training
 * thread is a {@link GatedTrainer} and its workers can be filled directly. The first model is loaded (or
 * trained from sample rows) before {@link #start} returns.
 */
final class GatedAssignmentServer implements AutoCloseable {

    final AssignmentRuntime runtime;
    final GatedTrainer trainer = new GatedTrainer();
    final ManagedChannel channel;
    private final Server server;

    private GatedAssignmentServer(AssignmentSettings settings) throws Exception {
        runtime = new AssignmentRuntime(settings, trainer);
        String name = InProcessServerBuilder.generateName();
        try {
            server = InProcessServerBuilder.forName(name)
                    .addService(ServerInterceptors.intercept(new AssignmentGrpcService(runtime),
                            new RequestIdInterceptor()))
                    .build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        channel = InProcessChannelBuilder.forName(name).build();
        runtime.load().get(120, TimeUnit.SECONDS);
    }

    static GatedAssignmentServer start(AssignmentSettings settings) throws Exception {
        return new GatedAssignmentServer(settings);
    }

    @Override
    public void close() {
        channel.shutdownNow();
        server.shutdownNow();
        runtime.close();
    }
}
