package dev.chat.connection.control;

import java.util.Map;
import java.util.TreeMap;

/**
 * The message seqs of one room that this node handed to its sessions, as runs of consecutive
 * seqs: live traffic is one run that grows by one per message, so a room costs a few dozen bytes
 * however long it lives (a set of the last 4,096 seqs cost ~250 KB). A seq that arrives late
 * (below the run) adds a run until the two meet. Not thread-safe: {@link RoomSubscriptions}
 * guards it.
 */
final class SentSeqs {
    /** More runs than this means gaps that never fill: the lowest run is then given up (as if the client had it). */
    static final int MAX_RUNS = 64;

    /** start → end (inclusive) of each run; runs never touch (adjacent runs are merged). */
    private final TreeMap<Long, Long> runs = new TreeMap<>();
    /** Everything up to here was handed over (or a run given up). */
    private long floor;

    /** Records {@code seq} as sent; false if it was sent (or the client has it) already. */
    boolean firstTime(long seq) {
        if (seq <= floor) {
            return false;
        }
        Map.Entry<Long, Long> before = runs.floorEntry(seq);
        if (before != null && seq <= before.getValue()) {
            return false;
        }
        long start = seq;
        long end = seq;
        if (before != null && before.getValue() == seq - 1) {
            start = before.getKey();
        }
        Long after = runs.get(seq + 1);
        if (after != null) {
            runs.remove(seq + 1);
            end = after;
        }
        runs.put(start, end);
        if (runs.size() > MAX_RUNS) {
            floor = runs.pollFirstEntry().getValue();
        }
        return true;
    }

    /** Runs kept (for tests: memory stays flat). */
    int runs() {
        return runs.size();
    }
}
