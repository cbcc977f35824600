package dev.chat.connection.control;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

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
 *   ({@link #gap()}) until the gap is filled or given up ({@link #repaired}).</li>
 *   <li>{@link Mode#PAUSED}: a replay stopped at its bound; no message of the room goes out until
 *   the client, having paged the rest from history, RESUMEs again (events do: each states its
 *   outcome).</li>
 * </ul>
 * Events of the timeline that are not messages (edits, deletes, reactions, receipts) keep their
 * arrival order and never overtake a message that arrived before them.
 * <p>
 * A LIVE room whose session has no room for more messages ({@link Out#message} refused) falls
 * {@link #behind}: from that message on, what arrives only tells how far the room has got, and the
 * session reads the rest from the database once its queue has drained ({@link #repaired}), at the
 * pace the client reads. Meanwhile events go out at once, each stating its outcome (as when
 * paused); the messages read later carry their edits and reactions.
 */
final class RoomOrder {
    enum Mode { HOLDING, REPLAYING, LIVE, PAUSED }

    /** Where the room's frames go: the session's queue. */
    interface Out {
        /** Queues a message; false when the session has no room for more messages now (the room falls behind). */
        boolean message(String text);

        /** Queues a frame that is not a message (bounded by the session's outbox as a whole). */
        void event(String text);
    }

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
    /** LIVE: messages from {@link #nextSeq} on are owed (up to {@link #knownLast}) and are read from the database. */
    private boolean behind;
    /** The room's last seq as the database last reported it: messages up to it are owed even when nothing later arrived. */
    private long knownLast;

    RoomOrder(Mode mode) {
        this.mode = mode;
    }

    Mode mode() {
        return mode;
    }

    /** A message of the room, from wherever it came. */
    void message(long seq, String text, Out out) {
        switch (mode) {
            case HOLDING, REPLAYING -> hold(new SessionOutbox.RoomFrame(seq, text));
            case LIVE -> inOrder(seq, text, out);
            case PAUSED -> { } // the client pages it from history and RESUMEs
        }
    }

    /** An event of the room's timeline that is not a message. */
    void event(String text, Out out) {
        switch (mode) {
            case HOLDING, REPLAYING -> hold(new SessionOutbox.RoomFrame(SessionOutbox.RoomFrame.EVENT, text));
            case LIVE -> {
                if (ahead.isEmpty()) {
                    out.event(text);
                } else {
                    eventsAhead.add(text);
                    waitingChars += text.length();
                }
            }
            case PAUSED -> out.event(text); // states its outcome: harmless for a message the client pages later
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
        behind = false; // the replay reads what was owed
        nextSeq = from + 1;
        return from;
    }

    /**
     * The replay is read: its messages go out, then what waited, in seq order (duplicates dropped).
     * An incomplete replay pauses the room instead.
     *
     * @return the last seq sent (an incomplete replay whose session had no room for all of it
     *         pauses after what it sent)
     */
    long replayed(List<SessionOutbox.RoomFrame> frames, boolean complete, Out out) {
        mode = Mode.LIVE;
        for (SessionOutbox.RoomFrame frame : frames) {
            inOrder(frame.seq(), frame.text(), out);
        }
        long sentUpTo = nextSeq - 1;
        if (complete) {
            releaseHeld(out);
        } else {
            mode = Mode.PAUSED;
            behind = false;
            held.clear();
            ahead.clear();
            eventsAhead.clear();
            waitingChars = 0;
        }
        return sentUpTo;
    }

    /**
     * The room goes live without a replay (no RESUME came in time, or a SUBSCRIBE without
     * {@code afterSeq}): what was held goes out in seq order; a paused room starts again at the
     * next live message.
     */
    void goLive(Out out) {
        if (mode == Mode.PAUSED) {
            mode = Mode.LIVE;
            behind = false;
            nextSeq = 0;
        } else {
            releaseHold(out);
        }
    }

    /** The resume window ended: a room still holding goes live (a paused room stays paused). */
    void releaseHold(Out out) {
        if (mode == Mode.HOLDING) {
            mode = Mode.LIVE;
            releaseHeld(out);
        }
    }

    private void releaseHeld(Out out) {
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

    private void inOrder(long seq, String text, Out out) {
        if (nextSeq == 0) {
            nextSeq = seq;
        }
        if (seq < nextSeq || ahead.containsKey(seq)) {
            return; // sent already (a redelivery, or the overlap of a replay with live traffic)
        }
        if (behind) {
            knownLast = Math.max(knownLast, seq); // read from the database with the rest that is owed
            return;
        }
        if (seq > nextSeq) {
            ahead.put(seq, text);
            waitingChars += text.length();
            return;
        }
        if (send(seq, text, out)) {
            drainAhead(out);
        }
    }

    /** Sends the next message; when the session has no room for it, the room falls behind at it. */
    private boolean send(long seq, String text, Out out) {
        if (out.message(text)) {
            nextSeq++;
            return true;
        }
        behind = true;
        knownLast = Math.max(knownLast, ahead.isEmpty() ? seq : Math.max(seq, ahead.lastKey()));
        ahead.clear(); // owed now, read again later
        eventsAhead.forEach(out::event); // each states its outcome, as when paused
        eventsAhead.clear();
        waitingChars = 0;
        return false;
    }

    private void drainAhead(Out out) {
        Map.Entry<Long, String> first;
        while (!behind && (first = ahead.firstEntry()) != null && first.getKey() <= nextSeq) {
            ahead.pollFirstEntry();
            waitingChars -= first.getValue().length();
            if (first.getKey() == nextSeq) {
                send(first.getKey(), first.getValue(), out);
            }
        }
        if (ahead.isEmpty() && !eventsAhead.isEmpty()) {
            eventsAhead.forEach(out::event);
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

    /**
     * What the database had after the gap, read up to {@code readUpTo}, in seq order: sent in
     * order. A seq up to there that the database did not have either is given up, so that the
     * messages behind it go out; a gap beyond what was read gets its own repair. A room that was
     * behind stays behind while more is owed (the session asks for the next read once its queue
     * has drained), or falls behind again where its queue is full.
     *
     * @return how many seqs were given up
     */
    long repaired(List<SessionOutbox.RoomFrame> frames, long readUpTo, Out out) {
        boolean catchingUp = behind;
        behind = false; // what was read may go out
        frames.forEach(frame -> message(frame.seq(), frame.text(), out));
        long skipped = 0;
        // the next seq, read over and not sent, is not in the database; what was read beyond it waits ahead
        while (!behind && gap().isPresent() && nextSeq <= readUpTo) {
            long resumeAt = ahead.isEmpty() ? readUpTo + 1 : Math.min(readUpTo + 1, ahead.firstKey());
            skipped += resumeAt - nextSeq;
            nextSeq = resumeAt;
            drainAhead(out);
        }
        if (catchingUp && mode == Mode.LIVE && owesKnown()) {
            behind = true;
        }
        return skipped;
    }

    /** Whether a repair is to be asked for now: a gap, and none asked for yet. A room behind is read when its session has drained. */
    boolean needsRepair() {
        if (behind || repairRequested || gap().isEmpty()) {
            return false;
        }
        repairRequested = true;
        return true;
    }

    /** Whether the room is behind and no read of what it owes is asked for yet: marks it asked for. */
    boolean needsCatchUp() {
        if (!behind || repairRequested) {
            return false;
        }
        repairRequested = true;
        return true;
    }

    boolean behind() {
        return behind;
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
