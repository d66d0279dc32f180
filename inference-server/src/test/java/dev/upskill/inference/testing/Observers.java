package dev.upskill.inference.testing;

import io.grpc.stub.StreamObserver;

import java.util.concurrent.CompletableFuture;

/** Response observers for calls made with async stubs in tests. */
public final class Observers {

    private Observers() {
    }

    /** Completes {@code result} with a call's single response, or exceptionally with its error. */
    public static <T> StreamObserver<T> completing(CompletableFuture<T> result) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                result.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                result.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                // The response has already completed the future.
            }
        };
    }
}
