package dev.chat.connection.control;

import dev.chat.api.codec.ChatJson;
import dev.chat.api.rest.MessageView;
import dev.chat.platform.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Everything sent to one WebSocket session goes through here: at most one asynchronous send in
 * flight, the rest waiting in a bounded queue. No caller ever blocks or writes to a socket
 * (fan-out runs on the persister's and the fan-out's threads, ACKs on producer threads): the first frame of an idle outbox is
 * handed to the {@link SessionWriters}, and each completed send starts the next.
 * <p>
 * A client that reads more slowly than its rooms speak (a burst, a persister catching up, a
 * phone on a poor network) is not closed: once half the queue is taken, the messages of its
 * rooms are no longer queued but owed ({@link RoomOrder} falls behind), and read from the
 * database once the queue has drained to a quarter, as much as fits, at the pace the client
 * takes them. Memory stays bounded either way. A client that takes nothing for
 * {@link Limits#stallMs} while frames wait is closed with 1013, and so is one whose queue fills
 * with frames that cannot be read again later (ACKs, presence, typing), in frames or in bytes,
 * whichever comes first.
 */
public final class SessionOutbox implements SendHandler {
    private static final Logger LOG = Logger.getLogger(SessionOutbox.class.getName());

    private final Session session;
    private final String userId;
    private final Limits limits;
    private final Executor writers;
    private final Runnable overflowed;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private final TracedFrames tracedFrames;
    /** The spans of the frames in the write under way (sampled traces only: almost always empty). */
    private final List<Span> writing = new ArrayList<>(0); // guarded by this
    private final Set<String> rooms = ConcurrentHashMap.newKeySet();
    private final GapRepair gapRepair;
    private final Map<String, RoomOrder> orders = new HashMap<>(); // guarded by this
    /** Rooms behind: their messages are owed and read from the database once the queue has drained. */
    private final Set<String> behindRooms = new HashSet<>(); // guarded by this
    /** Rooms first heard of now hold their frames for a RESUME (from the open until {@link #releaseHolding}). */
    private boolean holdingNewRooms; // guarded by this
    /** When the client last positioned a room (or opened): the hold lasts a window from here. */
    private long lastPositionedNanos = System.nanoTime(); // guarded by this
    /** RESUMEs and SUBSCRIBEs being handled now: the rooms hold while one is (its membership check may wait for the database). */
    private int positioning; // guarded by this
    /** When the client's first frame arrived (0: none yet). */
    private volatile long firstHeardNanos;
    /** Set when a queue overflowed under the monitor: the close happens after it is left. */
    private String overflowReason; // guarded by this
    /** Set when a frame was queued for an idle outbox: the writer is started after the monitor is left. */
    private boolean drainDue; // guarded by this
    private long queuedBytes; // guarded by this
    private boolean sending; // guarded by this
    private boolean closed;  // guarded by this
    private volatile long lastSentNanos = System.nanoTime();
    /** When the send in flight started, or the last one completed: a client that took nothing since stalls. */
    private long progressNanos; // guarded by this
    /** The session's queue, as the rooms' orders see it. */
    private final RoomOrder.Out roomOut = new RoomOrder.Out() {
        @Override
        public boolean message(String text) { // caller holds the monitor
            return hasRoomForMessages(text) && enqueue(text);
        }

        @Override
        public void event(String text) {
            enqueue(text);
        }
    };

    /**
     * A frame of a room: a message with its place in the room, or (seq = {@link #EVENT}) another
     * event of the room's timeline (edit, delete, reaction, receipt), which is never de-duplicated
     * (its frame states the outcome, so a repeat is harmless).
     */
    public record RoomFrame(long seq, String text) {
        static final long EVENT = Long.MAX_VALUE;

        /** A stored message read from the database (a replay, a gap's repair), as it is now. */
        public static RoomFrame of(MessageView message) {
            return new RoomFrame(message.seq(), MessageFrames.delivered(message));
        }

        boolean isMessage() {
            return seq != EVENT;
        }
    }

    /** What a RESUME read from the database: the messages after its seq, and whether that was all of them. */
    public record Replayed(List<RoomFrame> frames, boolean complete) {
    }

    /** Fills a gap in a room's messages: later calls {@link #gapToRepair} and {@link #repaired}, off the caller's thread. */
    public interface GapRepair {
        /**
         * @param now whether to read at once: the room is behind, so what it owes is in the database
         *            (otherwise the live streams get a while to fill the gap first)
         */
        void request(SessionOutbox outbox, String roomId, boolean now);
    }

    /**
     * How much may wait for one client, and how much one write may carry. Bytes are counted as
     * characters: what a Latin-1 string (all JSON escapes and ASCII) holds in the heap; other text
     * takes at most twice that. {@code batchFrames} 1: one frame per write (a client that did not
     * ask for batches). Frames of a room held for its order ({@link RoomOrder}) count against the
     * same bounds, per room. Messages of rooms are queued only up to half of each bound (the
     * rest is read again later); {@code stallMs}: how long a client may take no frame while
     * frames wait before it is closed.
     */
    public record Limits(int messages, long bytes, int batchFrames, int batchChars, long stallMs) {

        public Limits withoutBatches() {
            return new Limits(messages, bytes, 1, batchChars, stallMs);
        }
    }

    /**
     * @param holdRooms  whether the rooms of a new connection hold their frames until it RESUMEs or
     *                   SUBSCRIBEs them, or {@link #releaseHolding} (false: they go live at once)
     * @param overflowed told once when the session is closed for not reading (a metric)
     * @param tracedFrames the frames whose writes are traced; null: none (tracing off)
     */
    public SessionOutbox(Session session, String userId, Limits limits, Executor writers, boolean holdRooms, GapRepair gapRepair,
                         Runnable overflowed, TracedFrames tracedFrames) {
        this.session = session;
        this.tracedFrames = tracedFrames;
        this.userId = userId;
        this.limits = limits;
        this.writers = writers;
        this.holdingNewRooms = holdRooms;
        this.gapRepair = gapRepair;
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

    /** A message of a room, live or redelivered: it goes out in the room's seq order ({@link RoomOrder}). */
    public boolean offerInRoom(String roomId, long seq, String text) {
        return inRoom(roomId, true, order -> order.message(seq, text, roomOut));
    }

    /** A frame of a room that is not a message; it never overtakes a message that arrived before it. */
    public boolean offerRoomEvent(String roomId, String text) {
        return inRoom(roomId, true, order -> order.event(text, roomOut));
    }

    /**
     * Sends what the session missed in a room after {@code afterSeq}, then goes on live with no gap
     * and no duplicate: live frames that arrive while the database is read wait and follow in seq
     * order. A room that already went live on this connection is replayed only after what it got.
     * An incomplete replay (more missed than a replay carries) pauses the room on this connection
     * until the client RESUMEs again; a failed read too (the caller answers with an error).
     *
     * @param read reads what came after the seq it is given
     */
    public Replay replay(String roomId, long afterSeq, LongFunction<Replayed> read) {
        long from;
        synchronized (this) {
            lastPositionedNanos = System.nanoTime();
            from = order(roomId).startReplay(afterSeq);
        }
        Replayed replayed = new Replayed(List.of(), false);
        long[] sentUpTo = {from};
        try {
            replayed = read.apply(from);
        } finally {
            Replayed outcome = replayed; // a room left meanwhile (membership removed) stays forgotten
            inRoom(roomId, false, order -> sentUpTo[0] = order.replayed(outcome.frames(), outcome.complete(), roomOut));
        }
        return new Replay(from, sentUpTo[0]);
    }

    /**
     * Where a replay started ({@code from}: after what the connection already got, if more than the
     * client asked for) and the last seq it has sent or queued by now: for a replay that paused the
     * room, where the client pages on (the queue may have been too full for all it read).
     */
    public record Replay(long from, long sentUpTo) {
    }

    /** The room goes live without a replay ({@code SUBSCRIBE} without {@code afterSeq}). */
    public void goLive(String roomId) {
        synchronized (this) {
            lastPositionedNanos = System.nanoTime();
        }
        inRoom(roomId, true, order -> order.goLive(roomOut));
    }

    /** The server has opened the session: the rooms' wait for a RESUME counts from now. */
    public synchronized void startHoldWindow() {
        lastPositionedNanos = System.nanoTime();
    }

    /** A RESUME or SUBSCRIBE is being handled: no room stops holding until it is done ({@link #positioned}). */
    public synchronized void positioning() {
        positioning++;
    }

    /** The RESUME or SUBSCRIBE is done (or failed): the other rooms get another window from now. */
    public synchronized void positioned() {
        positioning = Math.max(0, positioning - 1);
        lastPositionedNanos = System.nanoTime();
    }

    /** A frame of the client arrived (called for every one; only the first counts). */
    public void heard() {
        if (firstHeardNanos == 0) {
            synchronized (this) {
                if (firstHeardNanos == 0) {
                    firstHeardNanos = System.nanoTime();
                }
            }
        }
    }

    /**
     * How much longer the rooms hold for a RESUME: a window from the open, from the last room the
     * client positioned (a client resuming many rooms, one read each, may take longer than one
     * window in all) or from the client's first frame, whichever came last, and never while a RESUME
 * or SUBSCRIBE is being handled (it may wait for the database on a busy node). A client the server has
     * not heard from yet gets {@link #SILENT_WINDOWS} windows: on a busy node its RESUME, sent at
     * once, may still wait to be read, and rooms gone live before it would be replayed only after
     * what they sent. Zero or less: time to {@link #releaseHolding}.
     */
    public synchronized long holdLeftNanos(long windowNanos) {
        if (!holdingNewRooms) {
            return 0;
        }
        if (positioning > 0) {
            return Math.max(1, windowNanos); // look again a window later
        }
        long heard = firstHeardNanos;
        long from = heard != 0 && heard - lastPositionedNanos > 0 ? heard : lastPositionedNanos;
        return from + (heard == 0 ? SILENT_WINDOWS * windowNanos : windowNanos) - System.nanoTime();
    }

    /** How many windows the rooms of a client not heard from yet hold for its RESUME. */
    static final int SILENT_WINDOWS = 4;

    /** The rooms still holding for a RESUME go live, and rooms heard of from now on are live at once. */
    public void releaseHolding() {
        synchronized (this) {
            if (!holdingNewRooms) {
                return;
            }
            holdingNewRooms = false;
        }
        for (String roomId : orderedRooms()) {
            inRoom(roomId, false, order -> order.releaseHold(roomOut));
        }
    }

    private synchronized List<String> orderedRooms() {
        return List.copyOf(orders.keySet());
    }

    /** Forgets the order of a room this session no longer receives. */
    synchronized void forget(String roomId) {
        orders.remove(roomId);
        behindRooms.remove(roomId);
    }

    /**
     * The room has messages up to {@code lastSeq}: those after what the session got are repaired
     * from the database, though nothing later arrives (the node has just begun to receive the
     * room's stream, and may have missed the last of them).
     */
    public void expectUpTo(String roomId, long lastSeq) {
        inRoom(roomId, false, order -> order.expectUpTo(lastSeq));
    }

    /**
     * The seq after which a room misses messages while later ones wait, and how many; empty when
     * the gap filled meanwhile. For a room behind, at most what the queue has room for.
     */
    public synchronized Optional<Gap> gapToRepair(String roomId) {
        RoomOrder order = orders.get(roomId);
        OptionalLong after = order == null || closed ? OptionalLong.empty() : order.gap();
        if (after.isEmpty()) {
            if (order != null) {
                order.repairDone();
            }
            return Optional.empty();
        }
        int missing = order.gapLength();
        if (order.behind()) {
            missing = Math.min(missing, Math.max(1, limits.messages() / 2 - queue.size()));
        }
        return Optional.of(new Gap(after.getAsLong(), missing));
    }

    public record Gap(long afterSeq, int missing) {
    }

    /**
     * What the database had of a gap, read up to {@code readUpTo}: sent in order. A seq up to there
     * that the database did not have either is given up (logged: a message skipped for this
     * client), so that the messages behind it go out; a gap beyond what was read gets its own repair.
     */
    public void repaired(String roomId, long readUpTo, List<RoomFrame> frames) {
        inRoom(roomId, false, order -> {
            long skipped = order.repaired(frames, readUpTo, roomOut);
            if (skipped > 0) {
                LOG.log(Level.WARNING, "Session {0} of user {1}: {2} messages of room {3} up to seq {4} not found, skipped",
                        new Object[]{session.getId(), userId, skipped, roomId, readUpTo});
            }
            order.repairDone();
        });
    }

    /**
     * Runs {@code step} on the room's order under this outbox's lock, then enforces the bound on
     * what the room holds, and asks for a repair when a gap opened. A room this session does not
     * know is created only when {@code create}.
     */
    private boolean inRoom(String roomId, boolean create, Consumer<RoomOrder> step) {
        boolean repair = false;
        AfterLock after;
        List<String> catchUps;
        synchronized (this) {
            if (closed) {
                return false;
            }
            RoomOrder order = create ? order(roomId) : orders.get(roomId);
            if (order != null) {
                step.accept(order);
                if (order.mode() == RoomOrder.Mode.HOLDING
                        && (order.waitingFrames() * 2 > limits.messages() || order.waitingChars() * 2 > limits.bytes())) {
                    // a busy room of a client that did not RESUME it yet: live now, rather than hold until the bound closes the session
                    order.releaseHold(roomOut);
                }
                if (order.waitingFrames() > limits.messages() || order.waitingChars() > limits.bytes()) {
                    overflow("too many frames of room " + roomId + " waiting for their order");
                }
                repair = !closed && order.needsRepair();
                if (order.behind()) {
                    behindRooms.add(roomId);
                    if (sending && System.nanoTime() - progressNanos > TimeUnit.MILLISECONDS.toNanos(limits.stallMs())) {
                        overflow("client too slow: took no frame for " + limits.stallMs() + " ms");
                    }
                } else {
                    behindRooms.remove(roomId);
                }
            }
            catchUps = catchUpsDue();
            after = afterLock();
        }
        boolean open = finish(after);
        if (repair) {
            gapRepair.request(this, roomId, false);
        }
        requestCatchUps(catchUps);
        return open;
    }

    /** Whether a message of a room may still be queued: the queue is below half of its bounds. */
    private boolean hasRoomForMessages(String text) { // caller holds the monitor
        return queue.size() < limits.messages() / 2 && queuedBytes + text.length() <= limits.bytes() / 2;
    }

    /** The rooms behind whose read is due now: the queue has drained to a quarter of its bounds (caller holds the monitor). */
    private List<String> catchUpsDue() {
        if (behindRooms.isEmpty() || closed || queue.size() > limits.messages() / 4 || queuedBytes > limits.bytes() / 4) {
            return List.of();
        }
        List<String> due = new ArrayList<>();
        for (String roomId : behindRooms) {
            RoomOrder order = orders.get(roomId);
            if (order != null && order.needsCatchUp()) {
                due.add(roomId);
            }
        }
        return due;
    }

    private void requestCatchUps(List<String> roomIds) {
        roomIds.forEach(roomId -> gapRepair.request(this, roomId, true));
    }

    private RoomOrder order(String roomId) { // caller holds the monitor
        return orders.computeIfAbsent(roomId, id -> new RoomOrder(holdingNewRooms ? RoomOrder.Mode.HOLDING : RoomOrder.Mode.LIVE));
    }

    /** Queues a text frame; returns false when the session is closed or was closed for overflow. */
    public boolean offer(String text) {
        AfterLock after;
        boolean queued;
        synchronized (this) {
            queued = enqueue(text);
            after = afterLock();
        }
        return finish(after) && queued;
    }

    /** Queues a frame (caller holds the monitor); what that leaves to do happens once the monitor is left ({@link #afterLock}). */
    private boolean enqueue(String text) {
        if (closed) {
            return false;
        }
        if (queue.size() >= limits.messages() || queuedBytes + text.length() > limits.bytes()) {
            overflow("outbound queue full: client too slow");
            return false;
        }
        queue.add(text);
        queuedBytes += text.length();
        if (!sending) {
            sending = true;
            progressNanos = System.nanoTime();
            drainDue = true;
        }
        return true;
    }

    private void overflow(String reason) { // caller holds the monitor
        if (!closed) {
            markClosed();
            overflowReason = reason;
        }
    }

    /** What work under the monitor left to do outside it: start the writer, or close a client too slow (a send or close may block). */
    private record AfterLock(boolean drain, String overflowReason) {
        static final AfterLock NOTHING = new AfterLock(false, null);
    }

    private AfterLock afterLock() { // caller holds the monitor
        if (!drainDue && overflowReason == null) {
            return AfterLock.NOTHING;
        }
        AfterLock after = new AfterLock(drainDue, overflowReason);
        drainDue = false;
        overflowReason = null;
        return after;
    }

    /** @return false when the session was closed for overflow */
    private boolean finish(AfterLock after) {
        if (after.overflowReason() != null) {
            overflowed.run();
            closeFor(CloseReason.CloseCodes.TRY_AGAIN_LATER, after.overflowReason());
            return false;
        }
        return !after.drain() || handToWriter();
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
            written(e);
            markClosed();
        }
    }

    private String take() { // caller holds the monitor
        String text = queue.poll();
        queuedBytes -= text.length();
        Span write = tracedFrames == null ? null : tracedFrames.writing(text, userId);
        if (write != null) {
            writing.add(write);
        }
        return text;
    }

    /** Ends the spans of the write that completed (or failed: {@code failure}). */
    private void written(Throwable failure) {
        List<Span> ended;
        synchronized (this) {
            if (writing.isEmpty()) {
                return;
            }
            ended = List.copyOf(writing);
            writing.clear();
        }
        for (Span span : ended) {
            if (failure == null) {
                span.end();
            } else {
                Tracing.failed(span, failure);
            }
        }
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
        written(result.isOK() ? null : result.getException());
        if (!result.isOK()) {
            LOG.log(Level.FINE, "Send to session {0} failed: {1}", new Object[]{session.getId(), result.getException()});
            markClosed();
            return;
        }
        List<String> catchUps;
        boolean more;
        synchronized (this) {
            progressNanos = lastSentNanos;
            catchUps = catchUpsDue();
            more = !closed && !queue.isEmpty();
            if (!more) {
                sending = false;
            }
        }
        requestCatchUps(catchUps);
        if (more) {
            // not inline: the container may complete a send inside sendText, and a long queue would recurse
            handToWriter();
        }
    }

    /** Frames waiting to be written (the depth {@code chat_ws_outbox_*} report). */
    public synchronized int queuedFrames() {
        return queue.size();
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** Stops all further sends; called when the session closes. */
    public synchronized void markClosed() {
        closed = true;
        behindRooms.clear();
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
