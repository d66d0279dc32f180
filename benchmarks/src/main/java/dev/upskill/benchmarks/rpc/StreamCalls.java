package dev.upskill.benchmarks.rpc;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/** Client-streaming and bidirectional calls made blocking: send every request, half-close, wait for the end. */
final class StreamCalls {

    private StreamCalls() {
    }

    /**
     * @param call the async stub's method (with its deadline), e.g. {@code stub.withDeadlineAfter(..)::embedStream}
     * @return every response, in order (one for a client-streaming call)
     * @throws StatusRuntimeException the call's status when it ends with an error
     */
    static <Q, R> List<R> exchange(Function<StreamObserver<R>, StreamObserver<Q>> call, List<Q> requests) {
        CompletableFuture<List<R>> done = new CompletableFuture<>();
        StreamObserver<Q> sender = call.apply(new StreamObserver<>() {
            private final List<R> responses = new ArrayList<>();

            @Override
            public void onNext(R response) {
                responses.add(response);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                done.complete(responses);
            }
        });
        requests.forEach(sender::onNext);
        sender.onCompleted();
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the call", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof StatusRuntimeException status ? status
                    : new IllegalStateException(e.getCause());
        }
    }
}
