package dev.upskill.client;

import dev.upskill.proto.v1.EmbedRequest;
import dev.upskill.proto.v1.EmbedResponse;
import dev.upskill.proto.v1.EmbeddingServiceGrpc;
import io.grpc.Channel;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A typed client for {@code upskill.v1.EmbeddingService}. It takes a {@link Channel} and never closes it:
 * whoever built the channel owns it. Every call carries the configured deadline.
 */
public final class EmbeddingClient {

    private final EmbeddingServiceGrpc.EmbeddingServiceBlockingStub stub;
    private final Duration deadline;

    /**
     * @param channel a channel to an inference server
     * @param deadline the deadline of each call
     */
    public EmbeddingClient(Channel channel, Duration deadline) {
        this.stub = EmbeddingServiceGrpc.newBlockingStub(channel);
        this.deadline = deadline;
    }

    /** Embeds texts; the response holds one vector per text, in order, with the model version and timing. */
    public EmbedResponse embed(List<String> texts) {
        return stub.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS)
                .embed(EmbedRequest.newBuilder().addAllTexts(texts).build());
    }

    /** The L2-normalised vector of one text. */
    public float[] embed(String text) {
        List<Float> vector = embed(List.of(text)).getEmbeddings(0).getVectorList();
        float[] out = new float[vector.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = vector.get(i);
        }
        return out;
    }
}
