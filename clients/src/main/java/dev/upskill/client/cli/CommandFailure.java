package dev.upskill.client.cli;

/** A failure a command explains in one line to the user (no stack trace): a missing file, a bad file header. */
final class CommandFailure extends RuntimeException {

    CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
