package dev.upskill.inference.server;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-RPC metrics: a latency histogram by method and status code ({@code upskill.grpc.server.calls}),
 * calls in flight ({@code upskill.grpc.server.in.flight}) and failures by status code
 * ({@code upskill.grpc.server.errors}).
 */
final class CallMetricsInterceptor implements ServerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(CallMetricsInterceptor.class);

    private final MeterRegistry registry;
    private final AtomicInteger inFlight = new AtomicInteger();

    CallMetricsInterceptor(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("upskill.grpc.server.in.flight", inFlight, AtomicInteger::get)
                .description("gRPC calls being served").register(registry);
    }

    int inFlight() {
        return inFlight.get();
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        long start = System.nanoTime();
        String method = call.getMethodDescriptor().getFullMethodName();
        inFlight.incrementAndGet();
        AtomicBoolean recorded = new AtomicBoolean();
        ServerCall<Q, R> measured = new SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                try {
                    super.close(status, trailers);
                } finally {
                    record(method, status.getCode(), start, recorded);
                }
            }
        };
        ServerCall.Listener<Q> listener = next.startCall(measured, headers);
        return new SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onCancel() {
                try {
                    super.onCancel();
                } finally {
                    record(method, Status.Code.CANCELLED, start, recorded);
                }
            }
        };
    }

    private void record(String method, Status.Code code, long start, AtomicBoolean recorded) {
        if (!recorded.compareAndSet(false, true)) {
            return;
        }
        inFlight.decrementAndGet();
        long nanos = System.nanoTime() - start;
        log.debug("{} {} in {} µs", method, code, nanos / 1000);
        Timer.builder("upskill.grpc.server.calls")
                .description("Latency of gRPC calls from arrival to close")
                .tag("method", method).tag("status", code.name())
                .publishPercentileHistogram()
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
        if (code != Status.Code.OK) {
            Counter.builder("upskill.grpc.server.errors")
                    .description("gRPC calls that ended with a status other than OK")
                    .tag("method", method).tag("status", code.name())
                    .register(registry).increment();
        }
    }
}
