package dev.chat.connection.control;

import dev.chat.api.codec.ChatJson;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
    private volatile long lastSentNanos = System.nanoTime();

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
     * What this session got of one room ({@link SentSeqs}), to drop redeliveries and the overlap
     * of a replay with live traffic; and, while a replay runs, the live frames held back until it
     * is done.
     */
    private static final class RoomPosition {
        private final SentSeqs sent = new SentSeqs();
        private List<RoomFrame> held;

        boolean firstTime(long seq) {
            return sent.firstTime(seq);
        }
    }

    /**
     * How much may wait for one client, and how much one write may carry. Bytes are counted as
     * characters: what a Latin-1 string (all JSON escapes and ASCII) holds in the heap; other text
     * takes at most twice that. {@code batchFrames} 1: one frame per write (a client that did not
     * ask for batches).
     */
    public record Limits(int messages, long bytes, int batchFrames, int batchChars) {

        public Limits withoutBatches() {
            return new Limits(messages, bytes, 1, batchChars);
        }
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
            position.sent.raiseFloor(afterSeq);
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
        boolean overflow;
        boolean startDrain = false;
        synchronized (this) {
            if (closed) {
                return false;
            }
            overflow = queue.size() >= limits.messages() || queuedBytes + text.length() > limits.bytes();
            if (overflow) {
                markClosed();
            } else {
                queue.add(text);
                queuedBytes += text.length();
                if (!sending) {
                    sending = true;
                    startDrain = true;
                }
            }
        }
        if (overflow) {
            overflowed.run();
            closeFor(CloseReason.CloseCodes.TRY_AGAIN_LATER, "outbound queue full: client too slow");
            return false;
        }
        return !startDrain || handToWriter();
    }

    private boolean handToWriter() {
        try {
            writers.execute(this::sendNext);
            return true;
        } catch (RejectedExecutionException stopping) {
            markClosed();
            return false;
        }
    }

    /**
     * Hands what waits to the container: one frame, or for a client that asked for batches, every
     * frame queued by now (up to the batch limits) as one {@code BATCH} frame: one write and one
     * flush for all of them, and the more a session falls behind the more each write carries.
     * A session that is closing underneath us makes the container throw ("Socket is not
     * connected"): that ends this outbox, never the caller.
     */
    private void sendNext() {
        String text;
        synchronized (this) {
            if (closed || queue.isEmpty()) {
                sending = false;
                return;
            }
            text = limits.batchFrames() > 1 && queue.size() > 1 ? takeBatch() : take();
        }
        try {
            session.getAsyncRemote().sendText(text, this);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Send to session {0} refused: {1}", new Object[]{session.getId(), e.toString()});
            markClosed();
        }
    }

    private String take() { // caller holds the monitor
        String text = queue.poll();
        queuedBytes -= text.length();
        return text;
    }

    /** The frames queued by now, as one BATCH frame (or the first alone, if the next would exceed the batch's size). */
    private String takeBatch() { // caller holds the monitor
        List<String> frames = new ArrayList<>(Math.min(queue.size(), limits.batchFrames()));
        long chars = 0;
        while (!queue.isEmpty() && frames.size() < limits.batchFrames()
                && (frames.isEmpty() || chars + queue.peek().length() <= limits.batchChars())) {
            String frame = take();
            chars += frame.length() + 1;
            frames.add(frame);
        }
        return frames.size() == 1 ? frames.get(0) : ChatJson.instance().encodeBatch(frames);
    }

    /** When the last frame was written to the client ({@link System#nanoTime()}). */
    long lastSentNanos() {
        return lastSentNanos;
    }

    @Override
    public void onResult(SendResult result) {
        lastSentNanos = System.nanoTime();
        if (!result.isOK()) {
            LOG.log(Level.FINE, "Send to session {0} failed: {1}", new Object[]{session.getId(), result.getException()});
            markClosed();
            return;
        }
        synchronized (this) {
            if (closed || queue.isEmpty()) {
                sending = false;
                return;
            }
        }
        // not inline: the container may complete a send inside sendText, and a long queue would recurse
        handToWriter();
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
