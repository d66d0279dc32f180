package dev.upskill.client.cli;

/** The exit codes of {@code upskill}. */
final class ExitCodes {

    /** Done, nothing skipped. */
    static final int OK = 0;
    /** The command failed: a call failed, a file could not be read, nothing (more) was done. */
    static final int FAILED = 1;
    /** Bad arguments (picocli's usage error code). */
    static final int USAGE = 2;
    /** Done, but some records were skipped: lines that could not be read, or courses the server rejected. */
    static final int PARTIAL = 3;

    private ExitCodes() {
    }
}
