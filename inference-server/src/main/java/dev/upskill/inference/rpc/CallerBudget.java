package dev.upskill.inference.rpc;

import io.grpc.Context;
import io.grpc.Deadline;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * What a queue knows about the caller of some work: when its deadline passes and whether it has
 * cancelled. Checked when the work is admitted and again just before it runs.
 *
 * @param deadlineNanos {@link System#nanoTime()} at which the caller stops waiting ({@link Long#MAX_VALUE}: never)
 * @param cancelled true once the caller no longer wants the result
 */
public record CallerBudget(long deadlineNanos, BooleanSupplier cancelled) {

    private static final CallerBudget UNBOUNDED = new CallerBudget(Long.MAX_VALUE, () -> false);

    /** The budget of the current gRPC call: its deadline and its cancellation. */
    public static CallerBudget ofCurrentCall() {
        Context context = Context.current();
        Deadline deadline = context.getDeadline();
        long deadlineNanos = deadline == null ? Long.MAX_VALUE
                : System.nanoTime() + deadline.timeRemaining(TimeUnit.NANOSECONDS);
        return new CallerBudget(deadlineNanos, context::isCancelled);
    }

    /** A caller with no deadline that never cancels (benchmarks, in-process callers). */
    public static CallerBudget unbounded() {
        return UNBOUNDED;
    }

    /**
     * Refuses work whose caller has cancelled ({@link RejectedWorkException.Reason#CANCELLED}) or whose deadline
     * has passed ({@link RejectedWorkException.Reason#DEADLINE}).
     */
    public void check() {
        if (cancelled.getAsBoolean()) {
            throw new RejectedWorkException(RejectedWorkException.Reason.CANCELLED, "the caller cancelled");
        }
        if (remainingNanos(System.nanoTime()) <= 0) {
            throw new RejectedWorkException(RejectedWorkException.Reason.DEADLINE, "deadline passed");
        }
    }

    /** Nanoseconds left before the deadline at {@code now}; negative once it has passed. */
    public long remainingNanos(long now) {
        return deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineNanos - now;
    }
}
