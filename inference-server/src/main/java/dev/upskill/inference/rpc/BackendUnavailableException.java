package dev.upskill.inference.rpc;

/**
 * A store or service the call depends on cannot be reached (down, unreachable, or no answer in time). The call
 * may succeed when retried later; {@link Statuses} answers it with UNAVAILABLE and this message.
 */
public class BackendUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
