package dev.upskill.inference.embedding;

import dev.upskill.inference.server.ServerConfig;
import dev.upskill.inference.testing.GatedEncoder;
import dev.upskill.inference.testing.InProcessInferenceServer;
import dev.upskill.inference.testing.TestModels;
import dev.upskill.proto.v1.EmbedRequest;
import dev.upskill.proto.v1.EmbedResponse;
import dev.upskill.proto.v1.EmbeddingServiceGrpc;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** EmbeddingService over the in-process transport: answers, metadata, limits and errors. */
class EmbeddingServiceTest {

    static final int MAX_TEXTS = 40;
    static final int MAX_CHARS = 2000;

    static InProcessInferenceServer server;
    static EmbeddingServiceGrpc.EmbeddingServiceBlockingStub stub;
    static TextEncoder.Runner direct;

    @BeforeAll
    static void start() {
        ServerConfig config = ServerConfig.defaults()
                .withLimits(new EmbeddingLimits(MAX_TEXTS, MAX_CHARS), 64);
        server = InProcessInferenceServer.start(config, GatedEncoder.overSharedModel());
        stub = EmbeddingServiceGrpc.newBlockingStub(server.channel).withDeadlineAfter(30, TimeUnit.SECONDS);
        direct = TestModels.quantized().newRunner();
    }

    @AfterAll
    static void stop() {
        direct.close();
        server.close();
    }

    @Test
    void returnsTheModelsVectorsInRequestOrderWithTokenCounts() {
        List<String> texts = List.of("Negotiation with stakeholders", "GDPR basics for HR", "x");
        EmbedResponse response = stub.embed(EmbedRequest.newBuilder().addAllTexts(texts).build());

        List<TextEmbedding> expected = direct.encode(texts); // the same texts form the same single run
        assertEquals(384, response.getDimensions());
        assertEquals(3, response.getEmbeddingsCount());
        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(expected.get(i).vector(), toArray(response.getEmbeddings(i).getVectorList()), 1e-6f);
            assertEquals(expected.get(i).tokenCount(), response.getEmbeddings(i).getTokenCount());
            assertFalse(response.getEmbeddings(i).getTruncated());
        }
    }

    @Test
    void everyResponseNamesTheModelVersionAndItsTiming() {
        EmbedResponse response = stub.embed(EmbedRequest.newBuilder().addTexts("Stakeholder management").build());
        assertEquals("all-MiniLM-L6-v2-quantized", response.getMeta().getModel().getName());
        assertEquals(TestModels.quantized().version(), response.getMeta().getModel().getVersion());
        var timing = response.getMeta().getTiming();
        assertTrue(timing.getComputeMicros() > 0, "a model run takes time");
        assertTrue(timing.getTotalMicros() >= timing.getQueueMicros() + timing.getComputeMicros(),
                "total covers queue and compute: " + timing);
    }

    @Test
    void echoesTheCallersRequestIdOrMakesOne() {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER), "trace-42");
        EmbedResponse tagged = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .embed(EmbedRequest.newBuilder().addTexts("a").build());
        assertEquals("trace-42", tagged.getMeta().getRequestId());

        EmbedResponse untagged = stub.embed(EmbedRequest.newBuilder().addTexts("a").build());
        assertEquals(36, untagged.getMeta().getRequestId().length(), "a generated UUID");
    }

    @Test
    void flagsTruncatedTexts() {
        EmbedResponse response = stub.embed(EmbedRequest.newBuilder().addTexts("skill ".repeat(300)).build());
        assertTrue(response.getEmbeddings(0).getTruncated());
        assertEquals(256, response.getEmbeddings(0).getTokenCount());
    }

    @Test
    void splitsRequestsLargerThanABatchAndKeepsTheirOrder() {
        List<String> texts = IntStream.range(0, 40).mapToObj(i -> "competency number " + i).toList();
        EmbedResponse response = stub.embed(EmbedRequest.newBuilder().addAllTexts(texts).build());
        assertEquals(40, response.getEmbeddingsCount());
        List<TextEmbedding> expected = new ArrayList<>(direct.encode(texts.subList(0, 32)));
        expected.addAll(direct.encode(texts.subList(32, 40)));
        for (int i = 0; i < 40; i++) {
            assertArrayEquals(expected.get(i).vector(), toArray(response.getEmbeddings(i).getVectorList()), 1e-6f,
                    "text " + i);
        }
    }

    @Test
    void rejectsARequestWithoutTexts() {
        assertInvalid(EmbedRequest.getDefaultInstance(), "texts: at least one text is required");
    }

    @Test
    void rejectsABlankTextNamingItsIndex() {
        assertInvalid(EmbedRequest.newBuilder().addTexts("fine").addTexts("  \n").build(),
                "texts[1]: must not be empty or blank");
    }

    @Test
    void rejectsTooManyTextsNamingTheLimit() {
        EmbedRequest request = EmbedRequest.newBuilder()
                .addAllTexts(IntStream.range(0, MAX_TEXTS + 1).mapToObj(i -> "t" + i).toList()).build();
        assertInvalid(request, "texts: 41 texts exceed the limit of 40 per request (limits.max-texts)");
    }

    @Test
    void rejectsATooLongTextNamingTheLimit() {
        assertInvalid(EmbedRequest.newBuilder().addTexts("ok").addTexts("a".repeat(MAX_CHARS + 1)).build(),
                "texts[1]: 2001 characters exceed the limit of 2000 (limits.max-text-chars)");
    }

    @Test
    void streamAnswersEachRequestInOrder() throws Exception {
        List<EmbedRequest> requests = List.of(
                EmbedRequest.newBuilder().addTexts("one").build(),
                EmbedRequest.newBuilder().addTexts("two").addTexts("three").build(),
                EmbedRequest.newBuilder().addTexts("four").addTexts("five").addTexts("six").build());
        StreamResult result = stream(requests);
        assertEquals(List.of(1, 2, 3), result.responses.stream().map(EmbedResponse::getEmbeddingsCount).toList());
        // The stream's requests may share model runs, which shifts int8 vectors slightly (see SentenceEncoderTest).
        assertTrue(SentenceEncoderTest.cosine(direct.encode(List.of("one")).getFirst().vector(),
                toArray(result.responses.getFirst().getEmbeddings(0).getVectorList())) > 0.96);
        assertTrue(result.error.get(10, TimeUnit.SECONDS) == null);
    }

    @Test
    void streamEndsWithAnErrorNamingTheBadRequest() throws Exception {
        StreamResult result = stream(List.of(
                EmbedRequest.newBuilder().addTexts("fine").build(),
                EmbedRequest.newBuilder().addTexts("").build()));
        Throwable error = result.error.get(10, TimeUnit.SECONDS);
        Status status = Status.fromThrowable(error);
        assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode());
        assertEquals("requests[1].texts[0]: must not be empty or blank", status.getDescription());
    }

    private static void assertInvalid(EmbedRequest request, String message) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.embed(request));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals(message, e.getStatus().getDescription());
    }

    record StreamResult(List<EmbedResponse> responses, CompletableFuture<Throwable> error) {
    }

    private static StreamResult stream(List<EmbedRequest> requests) throws Exception {
        List<EmbedResponse> responses = new ArrayList<>();
        CompletableFuture<Throwable> done = new CompletableFuture<>();
        StreamObserver<EmbedRequest> out = EmbeddingServiceGrpc.newStub(server.channel)
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .embedStream(new StreamObserver<>() {
                    @Override
                    public void onNext(EmbedResponse value) {
                        synchronized (responses) {
                            responses.add(value);
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.complete(t);
                    }

                    @Override
                    public void onCompleted() {
                        done.complete(null);
                    }
                });
        requests.forEach(out::onNext);
        out.onCompleted();
        done.get(30, TimeUnit.SECONDS);
        return new StreamResult(responses, done);
    }

    static float[] toArray(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
