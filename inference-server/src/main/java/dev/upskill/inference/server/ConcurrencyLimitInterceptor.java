package dev.upskill.inference.server;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the calls being served at once ({@code limits.max-in-flight}); past it a call is refused with
 * RESOURCE_EXHAUSTED before any of its work is done, so memory stays bounded under any load.
 */
final class ConcurrencyLimitInterceptor implements ServerInterceptor {

    private final int limit;
    private final AtomicInteger active = new AtomicInteger();

    ConcurrencyLimitInterceptor(int limit) {
        this.limit = limit;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        if (active.incrementAndGet() > limit) {
            active.decrementAndGet();
            call.close(Status.RESOURCE_EXHAUSTED.withDescription(
                    "server is at its limit of " + limit + " concurrent calls (limits.max-in-flight); retry with backoff"),
                    new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                active.decrementAndGet();
            }
        };
        ServerCall<Q, R> tracked = new SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                release.run();
                super.close(status, trailers);
            }
        };
        return new SimpleForwardingServerCallListener<>(next.startCall(tracked, headers)) {
            @Override
            public void onCancel() {
                release.run();
                super.onCancel();
            }
        };
    }
}
