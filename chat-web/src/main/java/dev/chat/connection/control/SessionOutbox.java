package dev.chat.connection.control;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Everything sent to one WebSocket session goes through here: at most one asynchronous send in
 * flight, the rest waiting in a bounded queue. No caller ever blocks or writes to a socket
 * (fan-out runs on Kafka threads, ACKs on producer threads): the first frame of an idle outbox is
 * handed to the {@link SessionWriters}, and each completed send starts the next. A client that
 * does not read is closed with 1013 once its queue is full (in frames or in bytes, whichever comes
 * first) instead of growing the heap.
 */
public final class SessionOutbox implements SendHandler {
    private static final Logger LOG = Logger.getLogger(SessionOutbox.class.getName());

    private final Session session;
    private final String userId;
    private final Limits limits;
    private final Executor writers;
    private final Runnable overflowed;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private final Set<String> rooms = ConcurrentHashMap.newKeySet();
    private final Map<String, RoomPosition> positions = new HashMap<>(); // guarded by this
    private long queuedBytes; // guarded by this
    private boolean sending; // guarded by this
    private boolean closed;  // guarded by this

    /**
     * A frame of a room: a message with its place in the room, or (seq = {@link #EVENT}) another
     * event of the room's timeline (edit, delete, reaction, receipt), which is never de-duplicated
     * (its frame states the outcome, so a repeat is harmless) and is ordered after the messages.
     */
    public record RoomFrame(long seq, String text) {
        static final long EVENT = Long.MAX_VALUE;

        boolean isMessage() {
            return seq != EVENT;
        }
    }

    /**
     * What this session got of one room: the seqs queued lately (bounded), to drop redeliveries
     * and the overlap of a replay with live traffic; and, while a replay runs, the live frames
     * held back until it is done.
     */
    private static final class RoomPosition {
        private static final int REMEMBERED = 4096;
        private final LinkedHashSet<Long> recent = new LinkedHashSet<>();
        private List<RoomFrame> held;
        /** The client said it has everything up to here (RESUME afterSeq): older seqs are never sent again. */
        private long floor;

        boolean firstTime(long seq) {
            if (seq <= floor || !recent.add(seq)) {
                return false;
            }
            if (recent.size() > REMEMBERED) {
                recent.remove(recent.iterator().next());
            }
            return true;
        }
    }

    /**
     * How much may wait for one client. Bytes are counted as characters: what a Latin-1 string
     * (all JSON escapes and ASCII) holds in the heap; other text takes at most twice that.
     */
    public record Limits(int messages, long bytes) {
    }

    /** @param overflowed told once when the session is closed for not reading (a metric) */
    public SessionOutbox(Session session, String userId, Limits limits, Executor writers, Runnable overflowed) {
        this.session = session;
        this.userId = userId;
        this.limits = limits;
        this.writers = writers;
        this.overflowed = overflowed;
    }

    public String sessionId() {
        return session.getId();
    }

    public String userId() {
        return userId;
    }

    /** The rooms this session receives; maintained by {@link RoomSubscriptions}. */
    Set<String> rooms() {
        return rooms;
    }

    /**
     * Queues a frame of a room unless this session already got that seq (Kafka redelivers after a
     * crash; a replay overlaps with live traffic). During a replay of the room it is held back.
     */
    public boolean offerInRoom(String roomId, long seq, String text) {
        synchronized (this) {
            RoomPosition position = positions.computeIfAbsent(roomId, id -> new RoomPosition());
            if (position.held != null) {
                position.held.add(new RoomFrame(seq, text));
                return true;
            }
            return !position.firstTime(seq) || offer(text);
        }
    }

    /**
     * Queues a frame of a room that is not a message; held back like messages while the room
     * replays, so that it cannot overtake the message it refers to.
     */
    public boolean offerRoomEvent(String roomId, String text) {
        synchronized (this) {
            RoomPosition position = positions.get(roomId);
            if (position != null && position.held != null) {
                position.held.add(new RoomFrame(RoomFrame.EVENT, text));
                return true;
            }
            return offer(text);
        }
    }

    /**
     * Sends what the session missed in a room after {@code afterSeq} (what the client has), then goes on live with no gap
     * and no duplicate: live frames that arrive while {@code missed} loads are held, merged by seq
     * and sent after it. Frames the session already got are not sent again.
     */
    public void replay(String roomId, long afterSeq, Supplier<List<RoomFrame>> missed) {
        synchronized (this) {
            RoomPosition position = positions.computeIfAbsent(roomId, id -> new RoomPosition());
            position.held = new ArrayList<>();
            // a redelivery of what the client has (Kafka replays after a rebalance) is not sent to it again
            position.floor = Math.max(position.floor, afterSeq);
        }
        List<RoomFrame> replayed = List.of();
        try {
            replayed = missed.get();
        } finally {
            synchronized (this) {
                RoomPosition position = positions.get(roomId);
                List<RoomFrame> all = new ArrayList<>(replayed);
                all.addAll(position.held);
                position.held = null;
                all.sort(Comparator.comparingLong(RoomFrame::seq));
                for (RoomFrame frame : all) { // a stable sort: events held back keep their order, after the messages
                    if (!frame.isMessage() || position.firstTime(frame.seq())) {
                        offer(frame.text());
                    }
                }
            }
        }
    }

    /** Queues a text frame; returns false when the session is closed or was closed for overflow. */
    public boolean offer(String text) {
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (sending) {
                if (queue.size() >= limits.messages() || queuedBytes + text.length() > limits.bytes()) {
                    markClosed();
                } else {
                    queue.add(text);
                    queuedBytes += text.length();
                    return true;
                }
            } else {
                sending = true;
            }
        }
        if (isClosed()) {
            overflowed.run();
            closeFor(CloseReason.CloseCodes.TRY_AGAIN_LATER, "outbound queue full: client too slow");
            return false;
        }
        return handToWriter(text);
    }

    private boolean handToWriter(String text) {
        try {
            writers.execute(() -> startSend(text));
            return true;
        } catch (RejectedExecutionException stopping) {
            markClosed();
            return false;
        }
    }

    /**
     * Hands one frame to the container. A session that is closing underneath us makes the
     * container throw ("Socket is not connected"): that ends this outbox, never the caller.
     */
    private boolean startSend(String text) {
        try {
            session.getAsyncRemote().sendText(text, this);
            return true;
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Send to session {0} refused: {1}", new Object[]{session.getId(), e.toString()});
            markClosed();
            return false;
        }
    }

    @Override
    public void onResult(SendResult result) {
        if (!result.isOK()) {
            LOG.log(Level.FINE, "Send to session {0} failed: {1}", new Object[]{session.getId(), result.getException()});
            markClosed();
            return;
        }
        String next;
        synchronized (this) {
            next = closed ? null : queue.poll();
            if (next == null) {
                sending = false;
                return;
            }
            queuedBytes -= next.length();
        }
        // not inline: the container may complete a send inside sendText, and a long queue would recurse
        handToWriter(next);
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** Stops all further sends; called when the session closes. */
    public synchronized void markClosed() {
        closed = true;
        queue.clear();
        queuedBytes = 0;
    }

    private void closeFor(CloseReason.CloseCode code, String reason) {
        LOG.log(Level.WARNING, "Closing session {0} of user {1}: {2}", new Object[]{session.getId(), userId, reason});
        try {
            session.close(new CloseReason(code, reason));
        } catch (IOException e) {
            LOG.log(Level.FINE, "Close of session " + session.getId() + " failed", e);
        }
    }
}
