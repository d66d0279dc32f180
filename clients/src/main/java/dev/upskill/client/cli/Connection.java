package dev.upskill.client.cli;

import io.grpc.ManagedChannel;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A channel a command opened, with the deadline its calls use. Closing it shuts the channel down.
 *
 * @param channel the open channel
 * @param deadline the deadline of each call
 */
record Connection(ManagedChannel channel, Duration deadline) implements AutoCloseable {

    @Override
    public void close() {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
