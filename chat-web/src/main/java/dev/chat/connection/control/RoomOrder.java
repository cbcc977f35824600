package dev.chat.connection.control;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The order of one room on one session: its messages leave strictly by seq, each once, without
 * gaps, wherever they come from (this node's persister, another node's through a channel, a replay from the
 * database, a repair of a gap) and in whatever order those arrive. Not thread-safe: the session's
 * {@link SessionOutbox} guards it.
 *
 * <ul>
 *   <li>{@link Mode#HOLDING}: the connection has just opened and the client may still RESUME the
 *   room; live frames wait, so that a replay cannot come after them.</li>
 *   <li>{@link Mode#REPLAYING}: a RESUME reads the database; live frames wait for it.</li>
 *   <li>{@link Mode#LIVE}: a message goes out when it is the next seq; one past a gap waits
 *   ({@link #gap()}) until the gap is filled or given up ({@link #skipTo}).</li>
 *   <li>{@link Mode#PAUSED}: a replay stopped at its bound; no message of the room goes out until
 *   the client, having paged the rest from history, RESUMEs again (events do: each states its
 *   outcome).</li>
 * </ul>
 * Events of the timeline that are not messages (edits, deletes, reactions, receipts) keep their
 * arrival order and never overtake a message that arrived before them.
 */
final class RoomOrder {
    enum Mode { HOLDING, REPLAYING, LIVE, PAUSED }

    private Mode mode;
    /** The seq the client gets next; 0 while unknown (the first message sets it). */
    private long nextSeq;
    /** HOLDING, REPLAYING: live frames in arrival order. */
    private final List<SessionOutbox.RoomFrame> held = new ArrayList<>();
    /** LIVE: messages past a gap, by seq. */
    private final TreeMap<Long, String> ahead = new TreeMap<>();
    /** LIVE: events that arrived after a message still {@link #ahead}. */
    private final List<String> eventsAhead = new ArrayList<>();
    private long waitingChars;
    private boolean repairRequested;
    /** The room's last seq as the database last reported it: messages up to it are owed even when nothing later arrived. */
    private long knownLast;

    RoomOrder(Mode mode) {
        this.mode = mode;
    }

    Mode mode() {
        return mode;
    }

    /** A message of the room, from wherever it came. */
    void message(long seq, String text, Consumer<String> out) {
        switch (mode) {
            case HOLDING, REPLAYING -> hold(new SessionOutbox.RoomFrame(seq, text));
            case LIVE -> inOrder(seq, text, out);
            case PAUSED -> { } // the client pages it from history and RESUMEs
        }
    }

    /** An event of the room's timeline that is not a message. */
    void event(String text, Consumer<String> out) {
        switch (mode) {
            case HOLDING, REPLAYING -> hold(new SessionOutbox.RoomFrame(SessionOutbox.RoomFrame.EVENT, text));
            case LIVE -> {
                if (ahead.isEmpty()) {
                    out.accept(text);
                } else {
                    eventsAhead.add(text);
                    waitingChars += text.length();
                }
            }
            case PAUSED -> out.accept(text); // states its outcome: harmless for a message the client pages later
        }
    }

    /**
     * A RESUME from {@code afterSeq} starts: live frames wait until {@link #replayed}. A room that
     * already went live on this connection is never replayed below what it got, or the replay would
     * come after newer messages.
     *
     * @return the seq to replay after
     */
    long startReplay(long afterSeq) {
        long from = mode == Mode.LIVE && nextSeq > 0 ? Math.max(afterSeq, nextSeq - 1) : afterSeq;
        if (mode == Mode.LIVE) { // what waited past a gap waits on, and is merged with the replay
            ahead.forEach((seq, text) -> held.add(new SessionOutbox.RoomFrame(seq, text)));
            eventsAhead.forEach(text -> held.add(new SessionOutbox.RoomFrame(SessionOutbox.RoomFrame.EVENT, text)));
            ahead.clear();
            eventsAhead.clear();
        }
        mode = Mode.REPLAYING;
        nextSeq = from + 1;
        return from;
    }

    /**
     * The replay is read: its messages go out, then what waited, in seq order (duplicates dropped).
     * An incomplete replay pauses the room instead.
     */
    void replayed(List<SessionOutbox.RoomFrame> frames, boolean complete, Consumer<String> out) {
        mode = Mode.LIVE;
        for (SessionOutbox.RoomFrame frame : frames) {
            inOrder(frame.seq(), frame.text(), out);
        }
        if (complete) {
            releaseHeld(out);
        } else {
            mode = Mode.PAUSED;
            held.clear();
            ahead.clear();
            eventsAhead.clear();
            waitingChars = 0;
        }
    }

    /**
     * The room goes live without a replay (no RESUME came in time, or a SUBSCRIBE without
     * {@code afterSeq}): what was held goes out in seq order; a paused room starts again at the
     * next live message.
     */
    void goLive(Consumer<String> out) {
        if (mode == Mode.PAUSED) {
            mode = Mode.LIVE;
            nextSeq = 0;
        } else {
            releaseHold(out);
        }
    }

    /** The resume window ended: a room still holding goes live (a paused room stays paused). */
    void releaseHold(Consumer<String> out) {
        if (mode == Mode.HOLDING) {
            mode = Mode.LIVE;
            releaseHeld(out);
        }
    }

    private void releaseHeld(Consumer<String> out) {
        List<SessionOutbox.RoomFrame> waiting = new ArrayList<>(held);
        held.clear();
        waitingChars = 0;
        waiting.sort(Comparator.comparingLong(SessionOutbox.RoomFrame::seq)); // stable: events keep their order, after the messages
        for (SessionOutbox.RoomFrame frame : waiting) {
            if (frame.isMessage()) {
                inOrder(frame.seq(), frame.text(), out);
            } else {
                event(frame.text(), out);
            }
        }
    }

    private void inOrder(long seq, String text, Consumer<String> out) {
        if (nextSeq == 0) {
            nextSeq = seq;
        }
        if (seq < nextSeq || ahead.containsKey(seq)) {
            return; // sent already (a redelivery, or the overlap of a replay with live traffic)
        }
        if (seq > nextSeq) {
            ahead.put(seq, text);
            waitingChars += text.length();
            return;
        }
        out.accept(text);
        nextSeq++;
        drainAhead(out);
    }

    private void drainAhead(Consumer<String> out) {
        Map.Entry<Long, String> first;
        while ((first = ahead.firstEntry()) != null && first.getKey() <= nextSeq) {
            ahead.pollFirstEntry();
            waitingChars -= first.getValue().length();
            if (first.getKey() == nextSeq) {
                out.accept(first.getValue());
                nextSeq++;
            }
        }
        if (ahead.isEmpty() && !eventsAhead.isEmpty()) {
            eventsAhead.forEach(out);
            eventsAhead.forEach(text -> waitingChars -= text.length());
            eventsAhead.clear();
        }
    }

    /**
     * The room has messages up to {@code lastSeq} (the database said so after the node began to
     * receive the room's stream): any the session did not get are a gap, though nothing later came.
     */
    void expectUpTo(long lastSeq) {
        knownLast = Math.max(knownLast, lastSeq);
    }

    /**
     * The seq after which messages are missing while later ones wait, or are known to exist
     * ({@link #expectUpTo}); empty when nothing is missing (or nothing went out yet, so that no
     * position is known).
     */
    OptionalLong gap() {
        return mode == Mode.LIVE && (!ahead.isEmpty() || owesKnown()) ? OptionalLong.of(nextSeq - 1) : OptionalLong.empty();
    }

    /** How many messages the gap holds (what a repair reads at most). */
    int gapLength() {
        long missing = !ahead.isEmpty() ? ahead.firstKey() - nextSeq : owesKnown() ? knownLast - nextSeq + 1 : 0;
        return (int) Math.min(Integer.MAX_VALUE, missing);
    }

    private boolean owesKnown() {
        return nextSeq > 0 && knownLast >= nextSeq;
    }

    /** Gives up the seqs below {@code seq} (the database does not have them either): what waited behind them goes out. */
    void skipTo(long seq, Consumer<String> out) {
        if (mode == Mode.LIVE && nextSeq < seq) {
            nextSeq = seq;
            drainAhead(out);
        }
    }

    /** Whether a repair is to be asked for now: a gap, and none asked for yet. */
    boolean needsRepair() {
        if (repairRequested || gap().isEmpty()) {
            return false;
        }
        repairRequested = true;
        return true;
    }

    void repairDone() {
        repairRequested = false;
    }

    /** Frames waiting here (held or past a gap), for the session's bound. */
    int waitingFrames() {
        return held.size() + ahead.size() + eventsAhead.size();
    }

    long waitingChars() {
        return waitingChars;
    }

    private void hold(SessionOutbox.RoomFrame frame) {
        held.add(frame);
        waitingChars += frame.text().length();
    }
}
