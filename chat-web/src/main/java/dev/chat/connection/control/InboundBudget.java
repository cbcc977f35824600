package dev.chat.connection.control;

/**
 * How many frames one connection may send: a bucket of {@code burst} frames that refills at
 * {@code perSecond}. A client over it gets {@code ERROR RATE_LIMITED} for the frames it sends
 * too fast (they are not handled) and keeps its connection: an inbound spike costs the node a
 * refusal per frame, never a crash or another user's latency. One per connection; the container
 * reads a session's frames one at a time, the lock is never contended.
 */
public final class InboundBudget {
    private final double perNano;
    private final double burst;
    private double tokens;
    private long lastNanos;

    public InboundBudget(double perSecond, int burst) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.lastNanos = System.nanoTime();
    }

    /** Takes one frame's worth; returns 0 if the frame may be handled, else the milliseconds until one more would be. */
    public synchronized long take(long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - lastNanos) * perNano);
        lastNanos = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / perNano / 1e6));
    }
}
