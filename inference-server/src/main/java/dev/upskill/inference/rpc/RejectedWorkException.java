package dev.upskill.inference.rpc;

/** Work the batcher refused or dropped before running it; the reason says why. */
public final class RejectedWorkException extends RuntimeException {

    /** Why work was not run. */
    public enum Reason {
        /** The bounded queue holds its maximum number of texts. */
        QUEUE_FULL,
        /** The caller's deadline passed, or the expected wait and run would not fit in what is left of it. */
        DEADLINE,
        /** The caller cancelled while its work was queued. */
        CANCELLED,
        /** The batcher is closing and takes no more work. */
        CLOSED,
        /** The model is still loading or warming up. */
        NOT_READY
    }

    private final Reason reason;

    public RejectedWorkException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
