package dev.upskill.journey.api;

import dev.upskill.proto.v1.ImportResponse;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Client-streaming import calls for the tests: open the stream, send the messages, complete, await the answer. */
public final class ImportStreams {

    /** A client-streaming call's stub method: takes the response observer, returns the request observer. */
    public interface ClientStream<Q> {
        StreamObserver<Q> open(StreamObserver<ImportResponse> response);
    }

    private ImportStreams() {
    }

    @SafeVarargs
    public static <Q> CompletableFuture<ImportResponse> start(ClientStream<Q> method, Q... messages) {
        CompletableFuture<ImportResponse> result = new CompletableFuture<>();
        StreamObserver<Q> requests = method.open(new StreamObserver<>() {
            @Override
            public void onNext(ImportResponse value) {
                result.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                result.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                result.complete(null);
            }
        });
        for (Q message : messages) {
            requests.onNext(message);
        }
        requests.onCompleted();
        return result;
    }

    /** The call's answer. @throws AssertionError when it failed */
    @SafeVarargs
    public static <Q> ImportResponse call(ClientStream<Q> method, Q... messages) {
        try {
            return start(method, messages).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("import failed: " + e.getMessage(), e);
        }
    }

    /** The status the call failed with; the test fails when it succeeded. */
    @SafeVarargs
    public static <Q> StatusRuntimeException importFails(ClientStream<Q> method, Q... messages) {
        ExecutionException failure = catchThrowableOfType(ExecutionException.class,
                () -> start(method, messages).get(30, TimeUnit.SECONDS));
        return (StatusRuntimeException) failure.getCause();
    }
}
