package dev.upskill.inference.rpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** Answers unary calls whose work finishes later, on whatever thread finishes it. */
public final class UnaryReplies {

    private UnaryReplies() {
    }

    /**
     * Starts the work and answers the call when it is done: the value, or the failure mapped by {@link Statuses}.
     * A call the caller has cancelled gets no answer; work that cannot start is answered at once.
     */
    public static <T> void reply(StreamObserver<T> observer, Supplier<CompletableFuture<T>> work) {
        ServerCallStreamObserver<T> call = (ServerCallStreamObserver<T>) observer;
        CompletableFuture<T> response;
        try {
            response = work.get();
        } catch (RuntimeException e) {
            call.onError(Statuses.toStatus(e));
            return;
        }
        response.whenComplete((value, failure) -> {
            if (call.isCancelled()) {
                return;
            }
            if (failure != null) {
                call.onError(Statuses.toStatus(failure));
            } else {
                call.onNext(value);
                call.onCompleted();
            }
        });
    }
}
