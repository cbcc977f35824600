package dev.chat.presence.boundary;

import dev.chat.api.codec.ChatJson;
import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.event.EventEnvelope;
import dev.chat.api.event.PresenceChangedV1;
import dev.chat.api.rest.PresenceView;
import dev.chat.platform.concurrent.ApplicationThreads;
import dev.chat.platform.kafka.Channels;
import dev.chat.platform.kafka.KeyedRecords;
import dev.chat.platform.startup.StartsWithApplication;
import dev.chat.presence.control.PresenceStore;
import dev.chat.room.control.RoomMembers;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Who is online. This node reports its connections (opened, still alive, closed) and the store
 * decides the transitions atomically across nodes; each transition is announced once, on Kafka
 * ({@code chat.presence.changed.v1}), for every node to push to the sessions that share a room
 * with the user. A user whose last connection closed goes OFFLINE after a grace period (a page
 * reload does not flap); a user whose node died goes OFFLINE once their presence expires, found by
 * {@link #reapExpired} on any node. Nothing here blocks the caller: Redis is called asynchronously
 * and failures are logged, never thrown at a connection.
 */
@ApplicationScoped
public class PresenceTracker implements StartsWithApplication {
    private static final Logger LOG = Logger.getLogger(PresenceTracker.class.getName());
    public static final Set<String> SETTABLE = Set.of("ONLINE", "AWAY");

    @Inject
    PresenceStore store;

    @Inject
    RoomMembers members;

    @Inject
    @Channel(Channels.PRESENCE_OUT)
    Emitter<String> events;

    @Inject
    @ConfigProperty(name = "chat.region")
    String region;

    @Inject
    @ConfigProperty(name = "chat.node.id")
    String nodeId;

    @Inject
    @ConfigProperty(name = "chat.presence.ttl-ms", defaultValue = "90000")
    long ttlMs;

    @Inject
    @ConfigProperty(name = "chat.presence.offline-grace-ms", defaultValue = "5000")
    long offlineGraceMs;

    @Inject
    ApplicationThreads threads;

    private ScheduledExecutorService graceTimer;

    /** Created with the application ({@link StartsWithApplication}): the timer's thread takes the deployment's context. */
    @PostConstruct
    void createTimer() {
        graceTimer = threads.timer("presence-offline-grace");
    }

    /**
     * A connection opened: it, and the user's presence, live for a TTL (then the node's heartbeat
     * refreshes them). Completes, never exceptionally, once Redis has it: the connection's
     * {@link #closed} must follow it, since two calls may take two Redis connections and a close
     * that overtook its open kept the user from ever being announced ONLINE.
     */
    public CompletionStage<Void> opened(String userId, String sessionId) {
        Instant now = Instant.now();
        return store.alive(userId, List.of(member(sessionId)), now, ttlMs)
                .thenAccept(changed -> changed.ifPresent(status -> announce(userId, status, now)))
                .exceptionally(failure -> logFailure("refresh presence of", userId, failure));
    }

    /**
     * The heartbeat: all of this node's connections, and their users' presence, live for another
     * TTL; pipelined, a few round trips in all. (A client's PING refreshes nothing: one Redis
     * script per PING was most of what 10,000 idle connections cost, and this covers them.)
     */
    public void aliveAll(Map<String, List<String>> sessionIdsByUser) {
        Instant now = Instant.now();
        Map<String, List<String>> membersByUser = new HashMap<>();
        sessionIdsByUser.forEach((userId, sessionIds) -> membersByUser.put(userId, sessionIds.stream().map(this::member).toList()));
        store.aliveAll(membersByUser, now, ttlMs)
                .thenAccept(changed -> changed.forEach((userId, status) -> announce(userId, status, now)))
                .exceptionally(failure -> logFailure("refresh presence of", membersByUser.size() + " users", failure));
    }

    /**
     * A connection closed; if it was the user's last one anywhere, they go OFFLINE unless they are
     * back within the grace period. The grace task runs on the application's timer thread (Redis
     * answers on its own thread, which has no application context), and whatever it throws is
     * logged (a scheduled task's exception otherwise stays in its future, unseen: OFFLINE then came
     * only from the TTL reaper, a minute and a half later).
     */
    public void closed(String userId, String sessionId) {
        store.gone(userId, member(sessionId), Instant.now(), ttlMs)
                .thenAccept(left -> {
                    if (left == 0) {
                        graceTimer.schedule(ApplicationThreads.logged("mark offline " + userId, () -> offlineIfGone(userId)), offlineGraceMs, TimeUnit.MILLISECONDS);
                    }
                })
                .exceptionally(failure -> logFailure("record closed connection of", userId, failure));
    }

    /** Marks OFFLINE the users whose presence expired without a close (their node died or lost Redis). */
    public void reapExpired() {
        store.expired(Instant.now(), 500)
                .thenAccept(users -> users.forEach(this::offlineIfGone))
                .exceptionally(failure -> logFailure("reap expired presence of", "all users", failure));
    }

    /** The user sets ONLINE or AWAY (only while connected: CONFLICT otherwise). */
    public void setStatus(String userId, String status) {
        if (!SETTABLE.contains(status)) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "status must be one of " + SETTABLE);
        }
        Instant now = Instant.now();
        String changed;
        try {
            changed = store.setStatus(userId, status, now, ttlMs).toCompletableFuture().join().orElse(null);
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
        if (PresenceStore.NOT_ONLINE.equals(changed)) {
            throw new ChatException(ErrorCode.CONFLICT, "only a connected user sets their presence: open a WebSocket first");
        }
        if (changed != null) {
            announce(userId, changed, now);
        }
    }

    /** The presence of those of {@code userIds} who share a room with the caller (or are the caller), in the order asked. */
    public List<PresenceView> presenceOf(String callerId, List<String> userIds) {
        Set<String> visible = members.sharingARoomWith(callerId, userIds);
        List<String> asked = userIds.stream().distinct().filter(id -> id.equals(callerId) || visible.contains(id)).toList();
        if (asked.isEmpty()) {
            return List.of();
        }
        try {
            return store.statesOf(asked).stream().map(state -> new PresenceView(state.userId(), state.status(), state.lastSeen())).toList();
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
    }

    /**
     * Those of {@code userIds} with a live connection on any node (ONLINE or AWAY), in one Redis
     * command, for the node's own use (no caller, no visibility rule). Fails when Redis does not answer.
     */
    public Set<String> connectedAmong(List<String> userIds) {
        return userIds.isEmpty() ? Set.of() : store.connectedAmong(userIds, Instant.now());
    }

    /** Users online on all nodes (the {@code presence_online_users} gauge). */
    public long onlineUsers() {
        return store.onlineCount(Instant.now());
    }

    private void offlineIfGone(String userId) {
        store.offlineIfNoSessions(userId, Instant.now())
                .thenAccept(state -> {
                    if (PresenceStore.Outcome.OFFLINE.name().equals(state.status())) {
                        announce(userId, "OFFLINE", state.lastSeen());
                    }
                })
                .exceptionally(failure -> logFailure("mark offline", userId, failure));
    }

    private void announce(String userId, String status, Instant lastSeen) {
        var event = new PresenceChangedV1(userId, status, lastSeen);
        LOG.log(Level.FINE, "User {0} is {1}", new Object[]{userId, status});
        KeyedRecords.send(events, userId, ChatJson.instance().encodeEvent(EventEnvelope.wrap(event, region, Instant.now())))
                .exceptionally(failure -> {
                    LOG.log(Level.WARNING, "Presence {0} of user {1} not announced: {2}", new Object[]{status, userId, failure.toString()});
                    return null;
                });
    }

    private String member(String sessionId) {
        return nodeId + "/" + sessionId;
    }


    private static Void logFailure(String what, String userId, Throwable failure) {
        LOG.log(Level.WARNING, "Could not {0} {1}: {2}", new Object[]{what, userId, failure.toString()});
        return null;
    }

    private static ChatException unavailable(RuntimeException e) {
        LOG.log(Level.WARNING, "Presence store unavailable: {0}", e.toString());
        return new ChatException(ErrorCode.UNAVAILABLE, "presence is unavailable right now");
    }
}
