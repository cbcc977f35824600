package dev.chat.privacy.boundary;

import dev.chat.auth.control.OneTimeCodes;
import dev.chat.auth.entity.AccountDeleted;
import dev.chat.crypto.boundary.Contents;
import dev.chat.message.boundary.MessageChanges;
import dev.chat.platform.persistence.DatabaseClock;
import dev.chat.presence.control.PresenceStore;
import dev.chat.platform.redis.RedisConnection;
import dev.chat.ratelimit.boundary.SendRateLimit;
import dev.chat.room.boundary.Rooms;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Erases a deleted account (docs/privacy.md, "Erasure"): requested in the deleting transaction,
 * then done in steps, each its own transaction, by whichever node gets to it first
 * ({@code FOR UPDATE SKIP LOCKED}; {@link ErasureWorker}): first the account's messages,
 * {@code chat.privacy.erasure-batch} (200) at a time, deleted as their author would delete them
 * (content, search entry, reactions and files gone; every room told with {@code MESSAGE_DELETED});
 * then, in one last step, its reactions, mentions, notification decisions, push subscriptions,
 * refresh tokens, memberships (rooms it was alone in are deleted, rooms it owned alone pass on),
 * its keys in Redis, and its name: the account row stays, as a tombstone the old messages' ids
 * point to, with a made-up username, no display name, password or address.
 */
@Stateless
public class AccountErasures {
    private static final Logger LOG = Logger.getLogger(AccountErasures.class.getName());
    private static final String DELETE_DECISIONS = "DELETE FROM notification_decisions WHERE user_id = ?1";

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Inject
    MessageChanges messages;

    @Inject
    Rooms rooms;

    @Inject
    PresenceStore presence;

    @Inject
    RedisConnection redis;

    @Inject
    AccountExports exports;

    @Inject
    Contents contents;

    @Inject
    @ConfigProperty(name = "chat.privacy.erasure-batch", defaultValue = "200")
    int batch;

    /**
     * The erasure is asked for in the transaction that deletes the account: both or neither. The
     * account's data keys go at once (crypto-shredding): its sealed content, in the database, in
     * Kafka's topics and in dead letters, no longer opens, before any step of the erasure ran.
     */
    public void requested(@Observes AccountDeleted deleted) {
        contents.shred(deleted.userId());
        em.createNativeQuery("INSERT INTO account_erasures (user_id, requested_at) VALUES (?1, ?2) ON CONFLICT (user_id) DO NOTHING")
                .setParameter(1, deleted.userId()).setParameter(2, DatabaseClock.now().atOffset(ZoneOffset.UTC)).executeUpdate();
    }

    /** Accounts erased within the last {@code window}: what was written late is looked for ({@link #eraseLateMessages}, {@link #eraseLateDecisions}). */
    public List<String> recentlyErased(Duration window) {
        return em.createNativeQuery("SELECT user_id FROM account_erasures WHERE completed_at > ?1")
                .setParameter(1, DatabaseClock.now().minus(window).atOffset(ZoneOffset.UTC)).getResultList().stream()
                .map(String.class::cast).toList();
    }

    /**
     * Deletes the notification decisions of an erased account recorded after its erasure: the
     * notifier read the room's members just before the erasure took them.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void eraseLateDecisions(String userId) {
        em.createNativeQuery(DELETE_DECISIONS).setParameter(1, userId).executeUpdate();
    }

    /**
     * Deletes messages of an erased account stored after its erasure: sent on another node in the
     * seconds before its sessions were closed there, or held through a Kafka outage.
     *
     * @return how many it deleted (more may remain when it is {@code chat.privacy.erasure-batch})
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int eraseLateMessages(String userId) {
        int deleted = messages.deleteOldestOf(userId, batch);
        if (deleted > 0) {
            em.createNativeQuery("UPDATE account_erasures SET messages_erased = messages_erased + ?1 WHERE user_id = ?2")
                    .setParameter(1, deleted).setParameter(2, userId).executeUpdate();
            LOG.log(Level.INFO, "Erased {0} messages of account {1} stored after its erasure", new Object[]{deleted, userId});
        }
        return deleted;
    }

    /** Accounts whose erasure is not complete, oldest request first. */
    public List<String> pending(int max) {
        return em.createNativeQuery("SELECT user_id FROM account_erasures WHERE completed_at IS NULL ORDER BY requested_at LIMIT ?1")
                .setParameter(1, max).getResultList().stream().map(String.class::cast).toList();
    }

    /** What a step did. */
    public enum Step { MORE, DONE, TAKEN_ELSEWHERE }

    /**
     * One step of {@code userId}'s erasure, in a transaction of its own.
     *
     * @return {@link Step#MORE} while messages remain, {@link Step#DONE} after the last step (or if it
     *         was done already), {@link Step#TAKEN_ELSEWHERE} when another node holds this erasure now
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Step step(String userId) {
        List<?> claimed = em.createNativeQuery("SELECT user_id FROM account_erasures WHERE user_id = ?1 AND completed_at IS NULL"
                + " FOR UPDATE SKIP LOCKED").setParameter(1, userId).getResultList();
        if (claimed.isEmpty()) {
            boolean done = !em.createNativeQuery("SELECT 1 FROM account_erasures WHERE user_id = ?1 AND completed_at IS NOT NULL")
                    .setParameter(1, userId).getResultList().isEmpty();
            return done ? Step.DONE : Step.TAKEN_ELSEWHERE;
        }
        int deleted = messages.deleteOldestOf(userId, batch);
        em.createNativeQuery("UPDATE account_erasures SET messages_erased = messages_erased + ?1 WHERE user_id = ?2")
                .setParameter(1, deleted).setParameter(2, userId).executeUpdate();
        if (deleted == batch) {
            return Step.MORE;
        }
        eraseTheRest(userId);
        LOG.log(Level.INFO, "Erased deleted account {0}", userId);
        return Step.DONE;
    }

    private void eraseTheRest(String userId) {
        for (String statement : List.of(
                "DELETE FROM reactions WHERE user_id = ?1",
                "DELETE FROM message_mentions WHERE user_id = ?1",
                DELETE_DECISIONS,
                "DELETE FROM push_subscriptions WHERE user_id = ?1",
                "DELETE FROM refresh_tokens WHERE user_id = ?1",
                "DELETE FROM user_blocks WHERE blocker_id = ?1 OR blocked_id = ?1",
                "DELETE FROM message_flags WHERE sender_id = ?1", // flags name no content; their reasons may quote it
                "UPDATE message_flags SET reviewed_by = NULL WHERE reviewed_by = ?1",
                "DELETE FROM room_bans WHERE user_id = ?1",
                "DELETE FROM room_silences WHERE user_id = ?1",
                "UPDATE room_bans SET banned_by = NULL WHERE banned_by = ?1",
                "DELETE FROM user_data_keys WHERE user_id = ?1")) { // shredded at the deletion already; again, should a key have slipped in
            em.createNativeQuery(statement).setParameter(1, userId).executeUpdate();
        }
        rooms.leaveEverywhere(userId); // notification settings go with the memberships (ON DELETE CASCADE)
        exports.removeAllOf(userId);
        String username = (String) em.createNativeQuery("SELECT username FROM users WHERE id = ?1").setParameter(1, userId).getSingleResult();
        // the tombstone's made-up name: "deleted-" and the id's first 24 hex digits (registration refuses names starting so)
        String tombstone = "deleted-" + userId.replace("-", "").substring(0, 24);
        em.createNativeQuery("UPDATE users SET username = ?1, display_name = NULL, password_hash = '!', email = NULL,"
                + " email_verified_at = NULL WHERE id = ?2").setParameter(1, tombstone).setParameter(2, userId).executeUpdate();
        presence.forget(userId);
        List<String> keys = new ArrayList<>(OneTimeCodes.keysOf(userId));
        keys.add(SendRateLimit.windowKey(userId));
        keys.add("login:account:{" + username.toLowerCase(Locale.ROOT) + "}");
        redis.client().getKeys().delete(keys.toArray(String[]::new));
        em.createNativeQuery("UPDATE account_erasures SET completed_at = ?1 WHERE user_id = ?2")
                .setParameter(1, DatabaseClock.now().atOffset(ZoneOffset.UTC)).setParameter(2, userId).executeUpdate();
    }
}
