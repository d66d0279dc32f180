package dev.upskill.inference.catalog;

import dev.upskill.inference.rpc.BackendUnavailableException;

/**
 * The catalog's store cannot be reached (a remote backend is down, unreachable or did not answer in time). The
 * call may succeed when retried later; the service answers it with UNAVAILABLE.
 */
public final class CatalogUnavailableException extends BackendUnavailableException {

    private static final long serialVersionUID = 1L;

    public CatalogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
