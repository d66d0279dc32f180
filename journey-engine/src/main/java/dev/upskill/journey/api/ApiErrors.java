package dev.upskill.journey.api;

import dev.upskill.journey.data.InvalidDataException;
import dev.upskill.journey.data.UnknownEntityException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps failures to gRPC statuses, once for the service. Causes never cross the wire: an unexpected failure is logged
 * with an error id and answered INTERNAL with that id only.
 */
final class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    private ApiErrors() {
    }

    static StatusRuntimeException invalidArgument(String field, String problem) {
        return Status.INVALID_ARGUMENT.withDescription(field + ": " + problem).asRuntimeException();
    }

    static StatusRuntimeException toStatus(Throwable failure) {
        if (failure instanceof StatusRuntimeException status) {
            return status;
        }
        if (failure instanceof InvalidDataException invalid) {
            return Status.INVALID_ARGUMENT.withDescription(invalid.getMessage()).asRuntimeException();
        }
        if (failure instanceof UnknownEntityException unknown) {
            return Status.NOT_FOUND.withDescription(unknown.getMessage()).asRuntimeException();
        }
        String id = UUID.randomUUID().toString();
        log.error("internal error {}", id, failure);
        return Status.INTERNAL.withDescription("internal error; error id " + id).asRuntimeException();
    }
}
