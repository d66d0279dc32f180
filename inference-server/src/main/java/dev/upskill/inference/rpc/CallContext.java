package dev.upskill.inference.rpc;

import io.grpc.Context;
import org.slf4j.MDC;

import java.util.concurrent.Executor;

/**
 * What the server knows about the call being served, carried in the gRPC {@link Context}: its request id
 * and when it arrived. Set by {@link RequestIdInterceptor}.
 */
public final class CallContext {

    /** SLF4J MDC key of the request id; the log pattern prints it on every line about a call. */
    public static final String MDC_KEY = "requestId";

    static final Context.Key<String> REQUEST_ID = Context.key("upskill-request-id");
    static final Context.Key<Long> RECEIVED_NANOS = Context.key("upskill-received-nanos");

    private CallContext() {
    }

    /** The current call's request id, or {@code "-"} outside a call. */
    public static String requestId() {
        String id = REQUEST_ID.get();
        return id == null ? "-" : id;
    }

    /** {@link System#nanoTime()} when the current call arrived (now, outside a call). */
    public static long receivedNanos() {
        Long received = RECEIVED_NANOS.get();
        return received == null ? System.nanoTime() : received;
    }

    /**
     * An executor that runs each task at once, on the thread that completes the work, inside the current
     * call's gRPC context and with its request id in the MDC: what a worker thread does for a call still
     * logs and times as part of the call.
     */
    public static Executor inCurrentCall() {
        Context context = Context.current();
        String requestId = requestId();
        return task -> {
            Context previous = context.attach();
            try (MdcScope ignored = MdcScope.requestId(requestId)) {
                task.run();
            } finally {
                context.detach(previous);
            }
        };
    }

    /**
     * Puts a request id into the MDC and, on close, restores what was there before. Scopes nest (a task
     * may run inside a callback of the same call), so closing must not simply remove the key.
     */
    static final class MdcScope implements AutoCloseable {
        private final String previous;

        private MdcScope(String previous) {
            this.previous = previous;
        }

        static MdcScope requestId(String requestId) {
            MdcScope scope = new MdcScope(MDC.get(MDC_KEY));
            MDC.put(MDC_KEY, requestId);
            return scope;
        }

        @Override
        public void close() {
            if (previous == null) {
                MDC.remove(MDC_KEY);
            } else {
                MDC.put(MDC_KEY, previous);
            }
        }
    }
}
