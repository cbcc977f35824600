package dev.chat.connection.boundary;

import dev.chat.connection.control.RoomSubscriptions;
import dev.chat.message.boundary.Messages;
import dev.chat.message.boundary.StoredEventChannels;
import dev.chat.platform.concurrent.ApplicationThreads;
import dev.chat.platform.concurrent.PlainThreads;
import dev.chat.platform.kafka.MessagePartitions;
import dev.chat.platform.startup.StartsWithApplication;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivery by interest: this node receives a room's stored events (its Redis channel,
 * {@link StoredEventChannels}) only while one of its sessions reads the room and its own persister
 * does not store the room's partition (then they come straight from the persister). A channel is
 * left {@code chat.fanout.unsubscribe-delay-ms} after the room's last session here, so that a user
 * who reconnects does not make the node leave and join again, and as long after this node's
 * persister took the room's partition over (the previous owner may still publish a batch).
 *
 * <p>Pub/sub is best-effort, so whenever a subscription is confirmed (the first time, and after
 * every reconnect to Redis) and whenever the fan-out had to drop an event, the node reads the
 * room's last seq from the database; each session of the room then reads what it misses up to
 * there ({@code SessionOutbox.expectUpTo}, through the gap repair of {@link RoomOrdering}), though
 * nothing later arrives. Those reads are gathered (one query for the rooms waiting) and run on the
 * fan-out's lane, behind the events queued before them. Subscriptions change on one plain thread.
 */
@ApplicationScoped
public class RoomInterest implements StartsWithApplication {
    private static final Logger LOG = Logger.getLogger(RoomInterest.class.getName());
    private static final long MAX_RETRY_MS = 5_000;
    /** Rooms whose last seqs one query reads. */
    private static final int ROOMS_PER_QUERY = 1_000;

    @Inject
    RoomSubscriptions subscriptions;

    @Inject
    MessagePartitions partitions;

    @Inject
    StoredEventChannels channels;

    @Inject
    MessageFanout fanout;

    @Inject
    Messages messages;

    @Inject
    MetricRegistry metrics;

    @Inject
    @ConfigProperty(name = "chat.fanout.unsubscribe-delay-ms", defaultValue = "10000")
    long unsubscribeDelayMs;

    /** How long a failed catch-up waits before it is tried again: at first as long as a gap waits ({@code chat.ws.gap-wait-ms}). */
    @Inject
    RoomOrdering ordering;

    /**
     * The rooms a session here reads, as the hosting changes told (updated inside the change, so
     * a reconcile that runs before the change is visible in {@code RoomSubscriptions} still sees it).
     */
    private final Set<String> hosted = ConcurrentHashMap.newKeySet();
    /** Rooms this node no longer wants and will leave (when it stopped wanting each, nanoTime). */
    private final Map<String, Long> leaving = new ConcurrentHashMap<>();
    /** Rooms whose subscription failed, and how many times in a row (readiness reports them). */
    private final Map<String, Integer> failing = new ConcurrentHashMap<>();
    private final AtomicLong subscriptionFailures = new AtomicLong();
    /** Rooms whose last seq is to be read, and whether a read of them is queued on the lane. */
    private final Set<String> toCatchUp = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean catchUpQueued = new AtomicBoolean();
    private ScheduledThreadPoolExecutor scheduler;

    @PostConstruct
    void create() {
        scheduler = new ScheduledThreadPoolExecutor(1, PlainThreads.named("chat-room-interest"));
        scheduler.setRemoveOnCancelPolicy(true);
        metrics.gauge(Metadata.builder().withName("chat_fanout_subscribed_rooms")
                .withDescription("Rooms whose stored-event channel this node receives").build(),
                channels, StoredEventChannels::subscribedCount);
    }

    @Override
    public void start() {
        channels.subscribedCount(); // created here, with the application's context, not first on a plain thread
        subscriptions.onHostingChange((roomId, isHosted) -> {
            if (isHosted) {
                hosted.add(roomId);
            } else {
                hosted.remove(roomId);
            }
            run(() -> reconcile(roomId));
        });
        hosted.addAll(subscriptions.hostedRooms()); // none as a rule: sessions open once the application has started
        partitions.onChange(() -> run(this::partitionsChanged));
        run(this::partitionsChanged); // the persister may have been assigned its partitions before this listened
        learnPartitions(1);
    }

    /** Whether the node holds every subscription its sessions need. */
    public boolean ready() {
        return failing.isEmpty();
    }

    public int failingRooms() {
        return failing.size();
    }

    private void learnPartitions(int attempt) {
        partitions.learnCount().whenComplete((count, failure) -> {
            if (failure != null) {
                LOG.log(attempt == 1 || attempt % 30 == 0 ? Level.WARNING : Level.FINE,
                        "Cannot learn the partitions of the message topic yet (attempt " + attempt + "); trying again", failure);
                later(Math.min(MAX_RETRY_MS, 250L * attempt), () -> learnPartitions(attempt + 1));
            } // a count learned for the first time reaches partitionsChanged through MessagePartitions.onChange
        });
    }

    /** On the scheduler: the partitions changed (their count, or which ones this node persists). */
    private void partitionsChanged() {
        Set<String> rooms = new HashSet<>(hosted);
        rooms.addAll(channels.subscribedRooms());
        rooms.forEach(this::reconcile);
    }

    /** Whether this node's persister stores the room's partition (unknown partitions: not known to be, so the channel is used). */
    private boolean persistedHere(String roomId) {
        return partitions.known() && partitions.persistedHere(partitions.of(roomId));
    }

    /** On the scheduler: subscribes to the room's channel, or leaves it (after the delay), as the room's sessions here and the persister's share say. */
    private void reconcile(String roomId) {
        if (hosted.contains(roomId) && !persistedHere(roomId)) {
            leaving.remove(roomId);
            if (!channels.isSubscribed(roomId)) {
                subscribe(roomId);
            }
            return;
        }
        failing.remove(roomId);
        if (!channels.isSubscribed(roomId)) {
            leaving.remove(roomId);
            return;
        }
        long now = System.nanoTime();
        Long since = leaving.putIfAbsent(roomId, now);
        long leftMs = unsubscribeDelayMs - TimeUnit.NANOSECONDS.toMillis(now - (since == null ? now : since));
        if (leftMs <= 0) {
            leaving.remove(roomId);
            channels.unsubscribe(roomId);
        } else if (since == null) {
            later(leftMs, () -> reconcile(roomId));
        }
    }

    private void subscribe(String roomId) {
        try {
            channels.subscribe(roomId, value -> received(roomId, value), this::subscribed, this::subscriptionFailed);
        } catch (RuntimeException e) { // Redis not there at all: the client could not even be made
            subscriptionFailed(roomId, e);
        }
    }

    /** A Redis client thread: an event of a room's channel. */
    private void received(String roomId, String value) {
        if (!fanout.received(roomId, value)) {
            catchUp(roomId);
        }
    }

    /** A Redis client thread: the channel is received from now on; what came before is read from the database. */
    private void subscribed(String roomId) {
        failing.remove(roomId);
        catchUp(roomId);
    }

    private void subscriptionFailed(String roomId, Throwable failure) {
        int attempt = failing.merge(roomId, 1, Integer::sum);
        long failures = subscriptionFailures.incrementAndGet();
        LOG.log(failures == 1 || failures % 1_000 == 0 ? Level.WARNING : Level.FINE, "Could not subscribe to the stored events of room "
                + roomId + " (" + failures + " failed subscriptions so far); trying again", failure);
        later(Math.min(MAX_RETRY_MS, 250L << Math.min(attempt, 10)), () -> reconcile(roomId));
    }

    /** The room's sessions read what they miss up to its last seq; gathered with the other rooms waiting for it. */
    private void catchUp(String roomId) {
        toCatchUp.add(roomId);
        if (catchUpQueued.compareAndSet(false, true)) {
            queueCatchUp(1);
        }
    }

    private void queueCatchUp(int attempt) {
        try {
            fanout.afterQueued(() -> catchUpNow(attempt));
        } catch (RejectedExecutionException full) {
            retryCatchUp(attempt, full);
        }
    }

    /** On the fan-out's lane: one query per thousand rooms waiting. */
    private void catchUpNow(int attempt) {
        catchUpQueued.set(false); // a room added from here on queues another read
        List<String> rooms = new ArrayList<>(toCatchUp);
        toCatchUp.removeAll(rooms);
        rooms.removeIf(roomId -> !hosted.contains(roomId));
        for (int from = 0; from < rooms.size(); from += ROOMS_PER_QUERY) {
            List<String> chunk = rooms.subList(from, Math.min(rooms.size(), from + ROOMS_PER_QUERY));
            try {
                messages.lastSeqs(chunk).forEach(subscriptions::expectUpTo);
            } catch (RuntimeException e) {
                toCatchUp.addAll(rooms.subList(from, rooms.size()));
                if (catchUpQueued.compareAndSet(false, true)) {
                    retryCatchUp(attempt, e);
                }
                return;
            }
        }
    }

    private void retryCatchUp(int attempt, RuntimeException cause) {
        LOG.log(attempt == 1 || attempt % 10 == 0 ? Level.WARNING : Level.FINE,
                "Could not read the last seqs of " + toCatchUp.size() + " rooms to catch up (attempt " + attempt + "); trying again", cause);
        later(Math.min(MAX_RETRY_MS, ordering.gapWaitMs() << Math.min(attempt, 10)), () -> queueCatchUp(attempt + 1));
    }

    private void run(Runnable task) {
        later(0, task);
    }

    private void later(long delayMs, Runnable task) {
        try {
            scheduler.schedule(ApplicationThreads.logged("run a room interest task", task), delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            LOG.log(Level.FINE, "Room interest task refused (stopping): {0}", stopping.toString());
        }
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
    }
}
