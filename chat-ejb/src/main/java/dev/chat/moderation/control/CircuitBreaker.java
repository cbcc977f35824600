package dev.chat.moderation.control;

import java.util.function.LongSupplier;

/**
 * Closed while calls succeed; open after {@code failureThreshold} failures in a row, refusing calls
 * for {@code openMs}; then half open: one trial call goes through, and its outcome closes the
 * circuit or opens it again. A classifier that is down so costs one refused call, not a timeout,
 * per message.
 */
public final class CircuitBreaker {
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int failureThreshold;
    private final long openMs;
    private final LongSupplier clockMs;
    private int failures;
    private long openedAt;
    private State state = State.CLOSED;
    private boolean trialInFlight;

    public CircuitBreaker(int failureThreshold, long openMs, LongSupplier clockMs) {
        this.failureThreshold = Math.max(1, failureThreshold);
        this.openMs = openMs;
        this.clockMs = clockMs;
    }

    /** Whether a call may go now (in half-open state: the one trial call). */
    public synchronized boolean allows() {
        if (state == State.OPEN && clockMs.getAsLong() - openedAt >= openMs) {
            state = State.HALF_OPEN;
            trialInFlight = false;
        }
        if (state == State.HALF_OPEN) {
            if (trialInFlight) {
                return false;
            }
            trialInFlight = true;
            return true;
        }
        return state == State.CLOSED;
    }

    public synchronized void succeeded() {
        failures = 0;
        state = State.CLOSED;
        trialInFlight = false;
    }

    /** @return true when this failure opened the circuit */
    public synchronized boolean failed() {
        failures++;
        trialInFlight = false;
        if (state == State.HALF_OPEN || state == State.CLOSED && failures >= failureThreshold) {
            state = State.OPEN;
            openedAt = clockMs.getAsLong();
            return true;
        }
        return false;
    }

    public synchronized State state() {
        return state;
    }
}
