package dev.chat.notification.boundary;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.rest.PushKeyView;
import dev.chat.api.rest.PushSubscriptionRequest;
import dev.chat.api.rest.PushSubscriptionView;
import dev.chat.notification.control.WebPushSender;
import dev.chat.platform.persistence.DatabaseClock;
import dev.chat.platform.persistence.NativeQueries;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Users' Web Push subscriptions: a browser registers the one its push service gave it, and may
 * remove it; the delivery sends to each of a user's subscriptions and removes those the push service
 * says are gone. An endpoint belongs to one browser profile, so registering it again (another user
 * logged in there) moves it to the new user. At most {@code MAX_PER_USER} per user (the oldest go).
 */
@Stateless
public class PushSubscriptions {
    static final int MAX_PER_USER = 20;

    private static final String REGISTER = """
            INSERT INTO push_subscriptions (id, user_id, endpoint, p256dh, auth, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            ON CONFLICT (endpoint) DO UPDATE SET user_id = EXCLUDED.user_id, p256dh = EXCLUDED.p256dh, auth = EXCLUDED.auth
            RETURNING id, created_at""";

    private static final String KEEP_NEWEST = """
            DELETE FROM push_subscriptions WHERE user_id = ?1 AND id NOT IN (
                SELECT id FROM push_subscriptions WHERE user_id = ?1 ORDER BY created_at DESC, id LIMIT ?2)""";

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Inject
    WebPushSender webPush;

    /** The key browsers subscribe with; NOT_FOUND while Web Push is off (no VAPID key configured). */
    public PushKeyView key() {
        requireEnabled();
        return new PushKeyView(webPush.publicKey());
    }

    public PushSubscriptionView register(String callerId, PushSubscriptionRequest request) {
        requireEnabled();
        String endpoint = request.endpoint().strip();
        if (!webPush.allows(endpoint)) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "endpoint must be a push service's URL (chat.notifications.push.allowed-endpoints)");
        }
        requireKeys(request.keys());
        Object[] row = (Object[]) em.createNativeQuery(REGISTER).setParameter(1, UUID.randomUUID().toString()).setParameter(2, callerId)
                .setParameter(3, endpoint).setParameter(4, request.keys().p256dh()).setParameter(5, request.keys().auth())
                .setParameter(6, DatabaseClock.now().atOffset(ZoneOffset.UTC)).getSingleResult();
        em.createNativeQuery(KEEP_NEWEST).setParameter(1, callerId).setParameter(2, MAX_PER_USER).executeUpdate();
        return new PushSubscriptionView((String) row[0], endpoint, NativeQueries.instant(row[1]));
    }

    public List<PushSubscriptionView> of(String callerId) {
        List<PushSubscriptionView> views = new ArrayList<>();
        for (Object row : em.createNativeQuery("SELECT id, endpoint, created_at FROM push_subscriptions WHERE user_id = ?1 ORDER BY created_at")
                .setParameter(1, callerId).getResultList()) {
            Object[] c = (Object[]) row;
            views.add(new PushSubscriptionView((String) c[0], (String) c[1], NativeQueries.instant(c[2])));
        }
        return views;
    }

    /** Removes one of the caller's subscriptions (logout, permission withdrawn); NOT_FOUND if they have none of that id. */
    public void remove(String callerId, String subscriptionId) {
        int removed = em.createNativeQuery("DELETE FROM push_subscriptions WHERE id = ?1 AND user_id = ?2")
                .setParameter(1, subscriptionId).setParameter(2, callerId).executeUpdate();
        if (removed == 0) {
            throw new ChatException(ErrorCode.NOT_FOUND, "no push subscription " + subscriptionId);
        }
    }

    /** The subscriptions of these users, by user. */
    public Map<String, List<WebPushSender.Subscription>> ofUsers(List<String> userIds) {
        Map<String, List<WebPushSender.Subscription>> byUser = new HashMap<>();
        if (userIds.isEmpty()) {
            return byUser;
        }
        var rows = NativeQueries.withArrays(em, "SELECT id, user_id, endpoint, p256dh, auth FROM push_subscriptions WHERE user_id = ANY(?1::text[])",
                userIds).getResultList();
        for (Object row : rows) {
            Object[] c = (Object[]) row;
            byUser.computeIfAbsent((String) c[1], user -> new ArrayList<>())
                    .add(new WebPushSender.Subscription((String) c[0], (String) c[1], (String) c[2], (String) c[3], (String) c[4]));
        }
        return byUser;
    }

    /** The push service said it is gone (404, 410). */
    public void gone(String subscriptionId) {
        em.createNativeQuery("DELETE FROM push_subscriptions WHERE id = ?1").setParameter(1, subscriptionId).executeUpdate();
    }

    private void requireEnabled() {
        if (!webPush.enabled()) {
            throw new ChatException(ErrorCode.NOT_FOUND, "Web Push is not configured on this server (no VAPID key)");
        }
    }

    /** p256dh: an uncompressed P-256 point (65 bytes, 0x04 first); auth: 16 bytes; both base64url. */
    private static void requireKeys(PushSubscriptionRequest.Keys keys) {
        try {
            byte[] p256dh = Base64.getUrlDecoder().decode(keys.p256dh().replace("=", ""));
            byte[] auth = Base64.getUrlDecoder().decode(keys.auth().replace("=", ""));
            if (p256dh.length == 65 && p256dh[0] == 4 && auth.length == 16) {
                return;
            }
        } catch (IllegalArgumentException notBase64url) {
            // refused below
        }
        throw new ChatException(ErrorCode.INVALID_FIELD, "keys.p256dh must be a P-256 public key (65 bytes) and keys.auth 16 bytes, base64url");
    }

}
