package dev.chat.message.control;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How a node bends past its capacity instead of collapsing: it refuses new messages with the
 * retryable {@code OVERLOADED} (and {@code retryAfterMs}) while it is behind, so that the messages it
 * did accept keep their latency, instead of queueing everything until every queue is seconds long.
 * Behind means either more than {@code chat.send.max-in-flight} messages accepted and not yet
 * acknowledged by Kafka (a message held in the Kafka outage buffer no longer counts: that buffer has
 * its own bound), or a store lag (a message's acceptance to its commit by this node's
 * persister) above {@code chat.send.max-store-lag-ms} for at least {@code chat.send.sustained-lag-ms}
 * (a single slow batch, a GC pause or a cold start is no overload). The lag is this node's own (not the
 * end-to-end delay of rooms another node persists, which may stall for reasons this node cannot
 * help); a reading older than a second no longer counts, so a node that refused everything
 * recovers as soon as its persister caught up.
 */
@ApplicationScoped
public class SendAdmission {
    private static final long LAG_READING_VALID_NANOS = TimeUnit.SECONDS.toNanos(1);

    @Inject
    @ConfigProperty(name = "chat.send.max-in-flight", defaultValue = "500")
    int maxInFlight;

    @Inject
    @ConfigProperty(name = "chat.send.max-store-lag-ms", defaultValue = "200")
    long maxStoreLagMs;

    @Inject
    @ConfigProperty(name = "chat.send.sustained-lag-ms", defaultValue = "200")
    long sustainedLagMs;

    @Inject
    @ConfigProperty(name = "chat.send.overloaded-retry-after-ms", defaultValue = "1000")
    long retryAfterMs;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong storeLagMs = new AtomicLong();
    private final AtomicLong storeLagReadAt = new AtomicLong(System.nanoTime());
    /** When the lag went above the bound (and stayed there since); 0 while it is below. */
    private final AtomicLong behindSince = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    /**
     * Takes a place for one message; the caller must {@link #release()} it once Kafka answered.
     *
     * @throws ChatException {@code OVERLOADED} when the node is behind
     */
    public void admit() {
        if (storeBehind()) {
            throw overloaded("this node stores messages " + storeLagMs.get() + " ms after they were sent");
        }
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            throw overloaded(maxInFlight + " messages are waiting for Kafka on this node");
        }
    }

    public void release() {
        inFlight.decrementAndGet();
    }

    /** The latest store lag of this node's persister (ms from a message's acceptance to its commit). */
    public void storeLag(long lagMs) {
        long now = System.nanoTime();
        storeLagMs.set(lagMs);
        storeLagReadAt.set(now);
        if (maxStoreLagMs <= 0 || lagMs <= maxStoreLagMs) {
            behindSince.set(0);
        } else {
            behindSince.compareAndSet(0, now);
        }
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** Messages refused as OVERLOADED since start (a metric). */
    public long refused() {
        return refused.get();
    }

    private boolean storeBehind() {
        long since = behindSince.get();
        long now = System.nanoTime();
        return since != 0 && now - since >= TimeUnit.MILLISECONDS.toNanos(sustainedLagMs)
                && now - storeLagReadAt.get() < LAG_READING_VALID_NANOS;
    }

    /** The refusal of a message this node cannot take now, and why. */
    public ChatException overloaded(String why) {
        refused.incrementAndGet();
        return new ChatException(ErrorCode.OVERLOADED, "node at capacity (" + why + "): message not taken, resend it with the same clientMsgId",
                retryAfterMs);
    }
}
