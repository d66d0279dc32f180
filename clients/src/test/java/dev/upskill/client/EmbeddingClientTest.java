package dev.upskill.client;

import dev.upskill.proto.v1.EmbedRequest;
import dev.upskill.proto.v1.EmbedResponse;
import dev.upskill.proto.v1.Embedding;
import dev.upskill.proto.v1.EmbeddingServiceGrpc;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client against a small in-process service that echoes text lengths as vectors, so that what the
 * client sends (texts, deadline) and how it unpacks answers are checked without a model.
 */
class EmbeddingClientTest {

    private final AtomicLong seenDeadlineMillis = new AtomicLong(-1);
    private Server server;
    private ManagedChannel channel;

    @AfterEach
    void shutDown() {
        channel.shutdownNow();
        server.shutdownNow();
    }

    private ManagedChannel channelTo(EmbeddingServiceGrpc.EmbeddingServiceImplBase service) throws Exception {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).directExecutor().addService(service).build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        return channel;
    }

    private final EmbeddingServiceGrpc.EmbeddingServiceImplBase lengths = new EmbeddingServiceGrpc.EmbeddingServiceImplBase() {
        @Override
        public void embed(EmbedRequest request, StreamObserver<EmbedResponse> responses) {
            seenDeadlineMillis.set(Context.current().getDeadline().timeRemaining(TimeUnit.MILLISECONDS));
            EmbedResponse.Builder out = EmbedResponse.newBuilder().setDimensions(1);
            for (String text : request.getTextsList()) {
                out.addEmbeddings(Embedding.newBuilder().addVector(text.length()).setTokenCount(text.length()));
            }
            responses.onNext(out.build());
            responses.onCompleted();
        }
    };

    @Test
    void sendsTextsInOrderAndUnpacksOneVector() throws Exception {
        EmbeddingClient client = new EmbeddingClient(channelTo(lengths), Duration.ofSeconds(2));
        EmbedResponse response = client.embed(List.of("a", "abc"));
        assertEquals(List.of(1, 3), response.getEmbeddingsList().stream().map(Embedding::getTokenCount).toList());
        assertArrayEquals(new float[] {5f}, client.embed("hello"));
    }

    @Test
    void everyCallCarriesTheConfiguredDeadline() throws Exception {
        new EmbeddingClient(channelTo(lengths), Duration.ofMillis(1500)).embed("x");
        assertTrue(seenDeadlineMillis.get() > 1000 && seenDeadlineMillis.get() <= 1500,
                "deadline seen by the server: " + seenDeadlineMillis.get() + " ms");
    }

    @Test
    void serverErrorsReachTheCallerAsStatuses() throws Exception {
        EmbeddingClient client = new EmbeddingClient(channelTo(new EmbeddingServiceGrpc.EmbeddingServiceImplBase() {
            @Override
            public void embed(EmbedRequest request, StreamObserver<EmbedResponse> responses) {
                responses.onError(Status.INVALID_ARGUMENT.withDescription("texts: at least one text is required")
                        .asRuntimeException());
            }
        }), Duration.ofSeconds(1));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> client.embed(List.of()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    }
}
