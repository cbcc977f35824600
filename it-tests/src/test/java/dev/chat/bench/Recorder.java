package dev.chat.bench;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * What one run measured. Every message sent has an index; each delivery is checked off per
 * receiver (by the receiver's place in its room), so lost and duplicated deliveries are exact.
 * Latencies are recorded only for messages sent inside the measured window (after warm-up).
 */
public final class Recorder {
    private static final long MAX_MICROS = TimeUnit.SECONDS.toMicros(120);

    /** A message sent: its room, when, whether it is measured, and who got it so far. */
    private record Sent(int room, long sentNanos, boolean measured, BitSet receivedBy) {
    }

    /** Messages the node refused (OVERLOADED, RATE_LIMITED): not stored, owed to nobody. */
    private final java.util.Set<Integer> refusedMessages = ConcurrentHashMap.newKeySet();
    final AtomicLong refused = new AtomicLong();
    /** Of those, the ones sent in the measured window (the rest were refused while the node warmed up). */
    final AtomicLong measuredRefused = new AtomicLong();

    private final ConcurrentHashMap<Integer, Sent> sent = new ConcurrentHashMap<>();
    private final int roomSize;
    private final int users;
    final Histogram ackMicros = new ConcurrentHistogram(MAX_MICROS, 3);
    final Histogram deliveryMicros = new ConcurrentHistogram(MAX_MICROS, 3);
    final AtomicLong sentCount = new AtomicLong();
    final AtomicLong measuredSent = new AtomicLong();
    final AtomicLong acked = new AtomicLong();
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong measuredDelivered = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    /** Errors by kind (an ERROR frame's code, "send failed", "transport"), so that a run says what went wrong. */
    final ConcurrentHashMap<String, AtomicLong> errorKinds = new ConcurrentHashMap<>();
    final AtomicLong unknown = new AtomicLong();

    public Recorder(int users, int roomSize) {
        this.users = users;
        this.roomSize = roomSize;
    }

    public void sent(int message, int room, long nanos, boolean measured) {
        sent.put(message, new Sent(room, nanos, measured, new BitSet(roomSize)));
        sentCount.incrementAndGet();
        if (measured) {
            measuredSent.incrementAndGet();
        }
    }

    public void acked(int message, long nanos) {
        Sent entry = sent.get(message);
        if (entry == null) {
            unknown.incrementAndGet();
            return;
        }
        acked.incrementAndGet();
        if (entry.measured()) {
            ackMicros.recordValue(Math.min(MAX_MICROS, (nanos - entry.sentNanos()) / 1000));
        }
    }

    public void delivered(int message, int user, long nanos) {
        Sent entry = sent.get(message);
        if (entry == null) {
            unknown.incrementAndGet();
            return;
        }
        int place = user - entry.room() * roomSize;
        boolean first;
        synchronized (entry.receivedBy()) {
            first = !entry.receivedBy().get(place);
            entry.receivedBy().set(place);
        }
        if (!first) {
            duplicates.incrementAndGet();
            return;
        }
        delivered.incrementAndGet();
        if (entry.measured()) {
            measuredDelivered.incrementAndGet();
            deliveryMicros.recordValue(Math.min(MAX_MICROS, (nanos - entry.sentNanos()) / 1000));
        }
    }

    /** The node said it did not take the message (a retryable refusal): it is owed to nobody and not counted as lost. */
    public void refused(int message, String kind) {
        if (refusedMessages.add(message)) {
            refused.incrementAndGet();
            Sent entry = sent.get(message);
            if (entry != null && entry.measured()) {
                measuredRefused.incrementAndGet();
            }
            errorKinds.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        }
    }

    /** The generator could not hand the message to its socket: it never reached the node, so it is owed to nobody. */
    public void notSent(int message, String kind) {
        if (refusedMessages.add(message)) {
            refused.incrementAndGet();
            error(kind);
        }
    }

    /** Messages the node took: sent and not refused. */
    public long acceptedMessages() {
        return sentCount.get() - refused.get();
    }

    public long sentMessages() {
        return sentCount.get();
    }

    public long ackedMessages() {
        return acked.get();
    }

    public long errorCount() {
        return errors.get();
    }

    public long duplicateDeliveries() {
        return duplicates.get();
    }

    public void error(String kind) {
        errors.incrementAndGet();
        errorKinds.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    }

    /** "CODE n, …" for the table, empty without errors. */
    public String errorsByKind() {
        return errorKinds.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(kind -> kind.getKey() + " " + kind.getValue().get()).collect(Collectors.joining(", "));
    }

    /** Deliveries owed: every message goes to every member of its room, the sender included. */
    public long expectedDeliveries() {
        long expected = 0;
        for (var message : sent.entrySet()) {
            if (!refusedMessages.contains(message.getKey())) {
                expected += membersOf(message.getValue().room());
            }
        }
        return expected;
    }

    private int membersOf(int room) {
        return Math.min(roomSize, users - room * roomSize);
    }
}
