package dev.chat.connection.control;

import java.util.Map;
import java.util.TreeMap;

/**
 * The seqs of one room that one session already got, as runs of consecutive seqs: live traffic
 * is one run that grows by one per message, so a session costs a few dozen bytes per room however
 * long it lives (a set of the last 4,096 seqs per room and session cost ~250 KB each). A RESUME
 * that replays below the live run adds a second run until the two meet. Not thread-safe: the
 * session's outbox guards it.
 */
final class SentSeqs {
    /** More runs than this means gaps that never fill: the lowest run is then given up (as if the client had it). */
    static final int MAX_RUNS = 64;

    /** start → end (inclusive) of each run; runs never touch (adjacent runs are merged). */
    private final TreeMap<Long, Long> runs = new TreeMap<>();
    /** The client has everything up to here (RESUME afterSeq, or a run given up). */
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

    /** The client has everything up to {@code seq}: nothing at or below it is sent again. */
    void raiseFloor(long seq) {
        floor = Math.max(floor, seq);
        while (!runs.isEmpty() && runs.firstEntry().getValue() <= floor) {
            runs.pollFirstEntry();
        }
    }

    /** Runs kept (for tests: memory stays flat). */
    int runs() {
        return runs.size();
    }
}
