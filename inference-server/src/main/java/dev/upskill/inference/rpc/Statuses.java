package dev.upskill.inference.rpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

/**
 * Maps failures to gRPC statuses, once for every service. Causes never cross the wire: an unexpected
 * failure is logged with its request id and answered INTERNAL with that id only.
 */
public final class Statuses {

    private static final Logger log = LoggerFactory.getLogger(Statuses.class);

    private Statuses() {
    }

    /** INVALID_ARGUMENT whose message names the field at fault. */
    public static StatusRuntimeException invalidArgument(String field, String problem) {
        return Status.INVALID_ARGUMENT.withDescription(field + ": " + problem).asRuntimeException();
    }

    public static StatusRuntimeException toStatus(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof StatusRuntimeException status) {
            return status;
        }
        if (cause instanceof RejectedWorkException rejected) {
            Status status = switch (rejected.reason()) {
                case QUEUE_FULL -> Status.RESOURCE_EXHAUSTED;
                case DEADLINE -> Status.DEADLINE_EXCEEDED;
                case CANCELLED -> Status.CANCELLED;
                case CLOSED, NOT_READY -> Status.UNAVAILABLE;
            };
            return status.withDescription(rejected.getMessage()).asRuntimeException();
        }
        if (cause instanceof BackendUnavailableException unavailable) {
            log.warn("backend unavailable: {}", unavailable.getMessage());
            return Status.UNAVAILABLE.withDescription(unavailable.getMessage()).asRuntimeException();
        }
        if (cause instanceof CancellationException) {
            return Status.CANCELLED.withDescription("cancelled").asRuntimeException();
        }
        log.error("internal error", cause);
        return Status.INTERNAL.withDescription("internal error; request id " + CallContext.requestId())
                .asRuntimeException();
    }
}
