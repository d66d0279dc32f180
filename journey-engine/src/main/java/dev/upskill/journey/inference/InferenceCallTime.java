package dev.upskill.journey.inference;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.springframework.stereotype.Component;

/**
 * Adds up the time a piece of work spends in calls to the inference server, so a journey step's own cost can be told
 * apart from the inference it waits for. Work opens a {@link Tally} on its thread; every call that thread starts
 * while the tally is open adds its time, from the call's start to its close (retries included), to that tally. Calls
 * from threads with no open tally (the catalog sync, the JourneyService API) are not counted.
 */
@Component
public final class InferenceCallTime implements ClientInterceptor {

    private final ThreadLocal<Tally> open = new ThreadLocal<>();
    private final LongSupplier nanoTime;

    InferenceCallTime() {
        this(System::nanoTime);
    }

    InferenceCallTime(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** Opens a tally on this thread until it is closed (try-with-resources). */
    public Tally open() {
        Tally tally = new Tally(open);
        open.set(tally);
        return tally;
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        Tally tally = open.get();
        ClientCall<Q, R> call = next.newCall(method, options);
        if (tally == null) {
            return call;
        }
        return new SimpleForwardingClientCall<>(call) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                long started = nanoTime.getAsLong();
                tally.calls.incrementAndGet();
                super.start(new SimpleForwardingClientCallListener<>(listener) {
                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        tally.nanos.addAndGet(nanoTime.getAsLong() - started);
                        super.onClose(status, trailers);
                    }
                }, headers);
            }
        };
    }

    /** The calls made and their time so far. Thread-safe: a call may close on another thread. */
    public static final class Tally implements AutoCloseable {

        private final ThreadLocal<Tally> owner;
        private final AtomicLong calls = new AtomicLong();
        private final AtomicLong nanos = new AtomicLong();

        private Tally(ThreadLocal<Tally> owner) {
            this.owner = owner;
        }

        /** How many inference calls were started. */
        public long calls() {
            return calls.get();
        }

        /** Their time in nanoseconds, of those that have closed. */
        public long nanos() {
            return nanos.get();
        }

        @Override
        public void close() {
            owner.remove();
        }
    }
}
