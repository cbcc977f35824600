package dev.chat.presence.control;

import dev.chat.platform.redis.RedisConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RScript;
import org.redisson.api.RScriptAsync;
import org.redisson.client.codec.StringCodec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Presence in Redis. Per user (one hash slot, so each script is atomic in Redis Cluster too):
 * <ul>
 * <li>{@code presence:user:{userId}}: {@code {"status","lastSeen"}}, expires after the TTL unless a
 * node refreshes it: exists while the user is ONLINE or AWAY;</li>
 * <li>{@code presence:sessions:{userId}}: the user's live connections on all nodes
 * ({@code <nodeId>/<sessionId>}, scored by when each expires without a refresh);</li>
 * <li>{@code presence:state:{userId}}: the last announced status and lastSeen, so that each
 * transition is announced exactly once whichever node sees it first.</li>
 * </ul>
 * And {@code presence:online}, users scored by when their presence expires: where the reaper looks
 * for users whose nodes died, and what {@code presence_online_users} counts.
 */
@ApplicationScoped
public class PresenceStore {
    static final String ONLINE_INDEX = "presence:online";
    private static final long STATE_TTL_MS = 30L * 24 * 3600 * 1000;

    /**
     * For each of a group of users, KEYS user, sessions, state, closed; ARGV nowMs, expiresAtMs, ttlMs, nowIso,
     * stateTtlMs, then per user the count of its members and the members → the positions (from 1) of the users
     * who were not online before (now ONLINE). One script for a group, not one per user: the heartbeat's 10,000
     * scripts a round, pipelined, cost Redisson more to decode than the work itself (docs/benchmarks.md).
     * A connection that closed is never made alive again: a heartbeat that read the node's connections just before
     * the close may reach Redis after it, and brought the closed one back for a TTL (OFFLINE then came from the reaper,
     * or a user gone OFFLINE was announced ONLINE again). Connections Redis forgot (a restart) are added back.
     * Old tombstones are pruned by GONE, not here (connection ids are never reused, so a stale one changes nothing).
     */
    private static final String ALIVE = """
            local changed = {}
            local a = 6
            for u = 1, #KEYS, 4 do
                local sessions, state, closed = KEYS[u + 1], KEYS[u + 2], KEYS[u + 3]
                local last = a + tonumber(ARGV[a])
                redis.call('ZREMRANGEBYSCORE', sessions, '-inf', ARGV[1])
                for i = a + 1, last do
                    if not redis.call('ZSCORE', closed, ARGV[i]) then redis.call('ZADD', sessions, ARGV[2], ARGV[i]) end
                end
                a = last + 1
                if redis.call('ZCARD', sessions) > 0 then
                    redis.call('PEXPIRE', sessions, ARGV[3])
                    local status = redis.call('HGET', state, 'status')
                    if status ~= 'ONLINE' and status ~= 'AWAY' then status = 'ONLINE'; changed[#changed + 1] = (u + 3) / 4 end
                    redis.call('HSET', state, 'status', status, 'lastSeen', ARGV[4])
                    redis.call('PEXPIRE', state, ARGV[5])
                    redis.call('SET', KEYS[u], '{"status":"' .. status .. '","lastSeen":"' .. ARGV[4] .. '"}', 'PX', ARGV[3])
                end
            end
            return changed""";

    /** Users one {@link #ALIVE} script refreshes at most: each script holds Redis for its length (~1 ms for this many). */
    private static final int ALIVE_GROUP = 200;

    /** KEYS sessions, closed; ARGV nowMs, member, closedUntilMs, ttlMs → live connections left. The closed member is kept for a TTL (see ALIVE). */
    private static final String GONE = """
            redis.call('ZREM', KEYS[1], ARGV[2])
            redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
            redis.call('PEXPIRE', KEYS[2], ARGV[4])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
            redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
            return redis.call('ZCARD', KEYS[1])""";

    /** KEYS user, sessions, state; ARGV nowMs → "LIVE" (connections left), "NONE" (not online) or "OFFLINE|<lastSeen>". */
    private static final String OFFLINE_IF_NO_SESSIONS = """
            redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
            if redis.call('ZCARD', KEYS[2]) > 0 then return 'LIVE' end
            local status = redis.call('HGET', KEYS[3], 'status')
            if status ~= 'ONLINE' and status ~= 'AWAY' then return 'NONE' end
            local lastSeen = redis.call('HGET', KEYS[3], 'lastSeen')
            redis.call('HSET', KEYS[3], 'status', 'OFFLINE')
            redis.call('DEL', KEYS[1])
            return 'OFFLINE|' .. lastSeen""";

    /** KEYS user, sessions, state; ARGV status, nowIso, ttlMs → status if it changed, "" if not, NOT_ONLINE. */
    private static final String SET_STATUS = """
            local status = redis.call('HGET', KEYS[3], 'status')
            if redis.call('EXISTS', KEYS[1]) == 0 or (status ~= 'ONLINE' and status ~= 'AWAY') then return 'NOT_ONLINE' end
            if status == ARGV[1] then return '' end
            redis.call('HSET', KEYS[3], 'status', ARGV[1], 'lastSeen', ARGV[2])
            redis.call('SET', KEYS[1], '{"status":"' .. ARGV[1] .. '","lastSeen":"' .. ARGV[2] .. '"}', 'PX', ARGV[3])
            return ARGV[1]""";

    /** A user's presence as stored. */
    public record State(String userId, String status, Instant lastSeen) {
    }

    /** The status of a user with a live connection who has not set AWAY. */
    static final String ONLINE = "ONLINE";

    /** What {@link #offlineIfNoSessions} found. */
    public enum Outcome { LIVE, NONE, OFFLINE }

    @Inject
    RedisConnection redis;

    /**
     * The given connections of the user are alive (opened, or refreshed by a heartbeat) until
     * {@code now + ttl}. Completes with the new status if the user was not online before.
     */
    public CompletionStage<Optional<String>> alive(String userId, Collection<String> members, Instant now, long ttlMs) {
        return aliveAll(Map.of(userId, members), now, ttlMs).thenApply(changed -> Optional.ofNullable(changed.get(userId)));
    }

    /**
     * {@link #alive} for many users at once (the heartbeat of all of a node's connections): one
     * pipelined batch of one script per {@value #ALIVE_GROUP} users of a hash slot (all users in
     * one slot unless Redis is a cluster), so that 10,000 connections cost a few round trips and
     * 50 scripts. Completes with the users whose status changed (they were not online before) and their status.
     */
    public CompletionStage<Map<String, String>> aliveAll(Map<String, ? extends Collection<String>> membersByUser, Instant now, long ttlMs) {
        if (membersByUser.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        RBatch batch = redis.client().createBatch();
        RScriptAsync script = batch.getScript(StringCodec.INSTANCE);
        long expiresAt = now.toEpochMilli() + ttlMs;
        List<Object> commonArgs = List.of(Long.toString(now.toEpochMilli()), Long.toString(expiresAt),
                Long.toString(ttlMs), now.toString(), Long.toString(STATE_TTL_MS));
        List<List<String>> groups = groupsBySlot(membersByUser.keySet());
        List<RFuture<List<Object>>> changes = new ArrayList<>(groups.size());
        for (List<String> group : groups) {
            List<Object> keys = new ArrayList<>(group.size() * 4);
            List<Object> args = new ArrayList<>(commonArgs);
            for (String userId : group) {
                keys.addAll(keys(userId));
                Collection<String> members = membersByUser.get(userId);
                args.add(Integer.toString(members.size()));
                args.addAll(members);
            }
            changes.add(script.evalAsync(userKey(group.get(0)), RScript.Mode.READ_WRITE, ALIVE, RScript.ReturnType.MULTI,
                    keys, args.toArray()));
        }
        Map<String, Double> expiries = new HashMap<>();
        membersByUser.keySet().forEach(userId -> expiries.put(userId, (double) expiresAt));
        batch.<String>getScoredSortedSet(ONLINE_INDEX, StringCodec.INSTANCE).addAllAsync(expiries);
        return batch.executeAsync().thenApply(done -> {
            Map<String, String> changed = new HashMap<>();
            for (int i = 0; i < groups.size(); i++) {
                List<String> group = groups.get(i);
                changes.get(i).toCompletableFuture().join()
                        .forEach(position -> changed.put(group.get(((Number) position).intValue() - 1), ONLINE));
            }
            return changed;
        });
    }

    /** The users in groups of at most {@value #ALIVE_GROUP} whose keys share a hash slot. */
    private List<List<String>> groupsBySlot(Collection<String> userIds) {
        boolean cluster = redis.isCluster(); // otherwise every key is in slot 0: no key to build per user
        Map<Integer, List<List<String>>> bySlot = new HashMap<>();
        for (String userId : userIds) {
            int slot = cluster ? redis.slotOf(userKey(userId)) : 0;
            List<List<String>> groups = bySlot.computeIfAbsent(slot, any -> new ArrayList<>());
            if (groups.isEmpty() || groups.get(groups.size() - 1).size() == ALIVE_GROUP) {
                groups.add(new ArrayList<>(ALIVE_GROUP));
            }
            groups.get(groups.size() - 1).add(userId);
        }
        return bySlot.values().stream().flatMap(List::stream).toList();
    }

    /**
     * A connection closed: it stays closed for {@code ttlMs} whatever heartbeat arrives after.
     * Completes with how many of the user's connections are left on all nodes.
     */
    public CompletionStage<Long> gone(String userId, String member, Instant now, long ttlMs) {
        return script().<Long>evalAsync(userKey(userId), RScript.Mode.READ_WRITE, GONE, RScript.ReturnType.INTEGER,
                List.of(sessionsKey(userId), closedKey(userId)), Long.toString(now.toEpochMilli()), member,
                Long.toString(now.toEpochMilli() + ttlMs), Long.toString(ttlMs));
    }

    /** Marks the user OFFLINE if none of their connections is alive any more (exactly one caller gets OFFLINE). */
    public CompletionStage<State> offlineIfNoSessions(String userId, Instant now) {
        return script().<String>evalAsync(userKey(userId), RScript.Mode.READ_WRITE, OFFLINE_IF_NO_SESSIONS, RScript.ReturnType.VALUE,
                        keys(userId), Long.toString(now.toEpochMilli()))
                .thenCompose(result -> {
                    if ("LIVE".equals(result)) {
                        return CompletableFuture.completedFuture(new State(userId, Outcome.LIVE.name(), null));
                    }
                    var index = redis.client().<String>getScoredSortedSet(ONLINE_INDEX, StringCodec.INSTANCE);
                    return index.removeAsync(userId).thenApply(ignored -> result != null && result.startsWith("OFFLINE|")
                            ? new State(userId, Outcome.OFFLINE.name(), Instant.parse(result.substring("OFFLINE|".length())))
                            : new State(userId, Outcome.NONE.name(), null));
                });
    }

    /**
     * Switches an online user between ONLINE and AWAY. Completes with the new status if it changed,
     * empty if it was already so, or {@link #NOT_ONLINE} if the user has no live connection.
     */
    public CompletionStage<Optional<String>> setStatus(String userId, String status, Instant now, long ttlMs) {
        return script().<String>evalAsync(userKey(userId), RScript.Mode.READ_WRITE, SET_STATUS, RScript.ReturnType.VALUE,
                        keys(userId), status, now.toString(), Long.toString(ttlMs))
                .thenApply(changed -> changed == null || changed.isEmpty() ? Optional.empty() : Optional.of(changed));
    }

    /** What {@link #setStatus} completes with for a user who is not online. */
    public static final String NOT_ONLINE = "NOT_ONLINE";

    /** Users whose presence expired by {@code now} without anyone marking them OFFLINE (their node died). */
    public CompletionStage<Collection<String>> expired(Instant now, int max) {
        return redis.client().<String>getScoredSortedSet(ONLINE_INDEX, StringCodec.INSTANCE)
                .valueRangeAsync(Double.NEGATIVE_INFINITY, true, now.toEpochMilli(), true, 0, max)
                .thenApply(users -> users);
    }

    /** Users online right now, on all nodes. */
    public long onlineCount(Instant now) {
        return redis.client().<String>getScoredSortedSet(ONLINE_INDEX, StringCodec.INSTANCE)
                .count(now.toEpochMilli(), false, Double.POSITIVE_INFINITY, true);
    }

    /**
     * Those of {@code userIds} whose presence lives at {@code now} (a connection on some node
     * refreshed it within the TTL): one command (ZMSCORE on {@code presence:online}) for any number of users.
     */
    public Set<String> connectedAmong(List<String> userIds, Instant now) {
        List<Double> expiries = redis.client().<String>getScoredSortedSet(ONLINE_INDEX, StringCodec.INSTANCE).getScore(userIds);
        Set<String> connected = new HashSet<>();
        for (int i = 0; i < userIds.size(); i++) {
            Double expiresAt = expiries.get(i);
            if (expiresAt != null && expiresAt > now.toEpochMilli()) {
                connected.add(userIds.get(i));
            }
        }
        return connected;
    }

    /**
     * The users' presence, read in one round trip: ONLINE or AWAY while their presence key lives,
     * else OFFLINE, with the lastSeen last recorded (null if never seen).
     */
    public List<State> statesOf(List<String> userIds) {
        RBatch batch = redis.client().createBatch();
        List<RFuture<Map<String, String>>> states = new ArrayList<>();
        List<RFuture<Boolean>> present = new ArrayList<>();
        for (String userId : userIds) {
            states.add(batch.<String, String>getMap(stateKey(userId), StringCodec.INSTANCE).readAllMapAsync());
            present.add(batch.getBucket(userKey(userId), StringCodec.INSTANCE).isExistsAsync());
        }
        batch.execute();
        List<State> result = new ArrayList<>();
        for (int i = 0; i < userIds.size(); i++) {
            Map<String, String> state = states.get(i).toCompletableFuture().join();
            boolean online = present.get(i).toCompletableFuture().join();
            String lastSeen = state.get("lastSeen");
            result.add(new State(userIds.get(i), online ? state.getOrDefault("status", ONLINE) : "OFFLINE",
                    lastSeen == null ? null : Instant.parse(lastSeen)));
        }
        return result;
    }

    /** Forgets everything presence keeps of a user (an erased account: docs/privacy.md). */
    public void forget(String userId) {
        redis.client().getKeys().delete(userKey(userId), sessionsKey(userId), stateKey(userId), closedKey(userId));
        redis.client().<String>getScoredSortedSet(ONLINE_INDEX, StringCodec.INSTANCE).remove(userId);
    }

    private RScript script() {
        return redis.client().getScript(StringCodec.INSTANCE);
    }

    private static List<Object> keys(String userId) {
        return List.of(userKey(userId), sessionsKey(userId), stateKey(userId), closedKey(userId));
    }

    static String userKey(String userId) {
        return "presence:user:{" + userId + "}";
    }

    static String sessionsKey(String userId) {
        return "presence:sessions:{" + userId + "}";
    }

    static String stateKey(String userId) {
        return "presence:state:{" + userId + "}";
    }

    /** The user's connections that closed in the last TTL (scored by when that ends). */
    static String closedKey(String userId) {
        return "presence:closed:{" + userId + "}";
    }
}
