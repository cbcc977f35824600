package dev.chat.privacy.boundary;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.rest.AccountView;
import dev.chat.api.rest.ExportView;
import dev.chat.attachment.boundary.Attachments;
import dev.chat.attachment.control.ObjectStore;
import dev.chat.auth.boundary.Accounts;
import dev.chat.crypto.boundary.Contents;
import dev.chat.platform.persistence.DatabaseClock;
import dev.chat.platform.persistence.NativeQueries;
import dev.chat.privacy.control.ExportArchive;
import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Exports of everything about a user (docs/privacy.md, "Export"): asked for by the user, built in
 * the background by any node ({@link ExportWorker}) into a ZIP in the object store, downloadable by
 * that user only until {@code chat.privacy.export-ttl-hours} (24) after it was ready, then removed.
 * One export at a time per user: asking again while one is being built returns that one.
 */
@Stateless
public class AccountExports {
    private static final Logger LOG = Logger.getLogger(AccountExports.class.getName());
    /** A build that has not finished after this long was on a node that stopped: it is taken again. */
    private static final Duration STALE_BUILD = Duration.ofMinutes(10);

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Inject
    Accounts accounts;

    @Inject
    Contents contents;

    @Resource
    SessionContext context;

    @Inject
    ObjectStore store;

    @Inject
    Attachments attachments;

    @Inject
    @ConfigProperty(name = "chat.privacy.export-ttl-hours", defaultValue = "24")
    long ttlHours;

    /** What a download hands over. */
    public record Download(InputStream content, long size, String fileName) {
    }

    /** Asks for an export, or returns the one being built. */
    public ExportView request(String userId) {
        accounts.active(userId);
        List<?> open = em.createNativeQuery("SELECT id FROM account_exports WHERE user_id = ?1 AND state IN ('pending', 'building')")
                .setParameter(1, userId).getResultList();
        if (!open.isEmpty()) {
            return view(userId, (String) open.get(0));
        }
        String id = UUID.randomUUID().toString();
        em.createNativeQuery("INSERT INTO account_exports (id, user_id, state, requested_at) VALUES (?1, ?2, 'pending', ?3)")
                .setParameter(1, id).setParameter(2, userId).setParameter(3, now()).executeUpdate();
        LOG.log(Level.INFO, "Export {0} asked for by user {1}", new Object[]{id, userId});
        return view(userId, id);
    }

    /** The user's exports, newest first. */
    public List<ExportView> views(String userId) {
        return rows("SELECT id, state, requested_at, ready_at, expires_at, size_bytes FROM account_exports WHERE user_id = ?1"
                + " ORDER BY requested_at DESC", userId).stream().map(AccountExports::view).toList();
    }

    /** @throws ChatException NOT_FOUND unless it is the user's export */
    public ExportView view(String userId, String exportId) {
        return rows("SELECT id, state, requested_at, ready_at, expires_at, size_bytes FROM account_exports WHERE user_id = ?1 AND id = ?2",
                userId, exportId).stream().findFirst().map(AccountExports::view)
                .orElseThrow(() -> new ChatException(ErrorCode.NOT_FOUND, "no export " + exportId));
    }

    /** @throws ChatException NOT_FOUND unless it is the user's; CONFLICT while it is not ready (or expired, failed) */
    public Download download(String userId, String exportId) {
        ExportView export = view(userId, exportId);
        if (!"ready".equals(export.status())) {
            throw new ChatException(ErrorCode.CONFLICT, "export " + exportId + " is " + export.status() + ", not ready");
        }
        Object[] stored = (Object[]) em.createNativeQuery("SELECT object_key, sealed FROM account_exports WHERE id = ?1")
                .setParameter(1, exportId).getSingleResult();
        InputStream content = store.open((String) stored[0]);
        if (Boolean.TRUE.equals(stored[1])) {
            content = contents.openingFile(userId, boundTo(exportId), content);
        }
        return new Download(content, export.sizeBytes(), "chat-export-" + export.requestedAt().toString().substring(0, 10) + ".zip");
    }

    /** The next export to build, taken by this node (a pending one, or one whose build went stale); empty: none. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Optional<String[]> claim() {
        List<?> claimed = em.createNativeQuery("UPDATE account_exports SET state = 'building', claimed_at = ?1 WHERE id = ("
                        + "SELECT id FROM account_exports WHERE state = 'pending' OR (state = 'building' AND claimed_at < ?2)"
                        + " ORDER BY requested_at LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id, user_id")
                .setParameter(1, now()).setParameter(2, now().minus(STALE_BUILD)).getResultList();
        return claimed.stream().findFirst().map(row -> new String[]{(String) ((Object[]) row)[0], (String) ((Object[]) row)[1]});
    }

    /**
     * Builds a claimed export: the ZIP in a temporary file (sealed as it is written while encryption
     * at rest is on), then into the object store; ready, or
     * failed. Outside a transaction (a large export takes a while: each read and the final state
     * are short transactions of their own); if the export is gone meanwhile (the account was
     * erased), its file is removed again.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void build(String exportId, String userId) {
        AccountExports self = context.getBusinessObject(AccountExports.class);
        Path file = null;
        try {
            file = Files.createTempFile("chat-export-", ".zip");
            boolean sealed = contents.sealing();
            OutputStream target = Files.newOutputStream(file);
            if (sealed) {
                // sealed as it is written (with the user's data key): the plain ZIP is never on disk or in the store
                try {
                    target = contents.sealingFile(userId, boundTo(exportId), target);
                } catch (IOException | RuntimeException e) {
                    target.close();
                    throw e;
                }
            }
            long size;
            try (ExportArchive archive = new ExportArchive(target)) {
                write(archive, userId);
                archive.close();
                size = archive.size();
            }
            // a key per build: a build taken again after going stale never removes the other build's file
            String key = "exports/" + userId + "/" + exportId + "-" + UUID.randomUUID() + ".zip";
            store.putFile(key, file, sealed ? "application/octet-stream" : "application/zip");
            if (!self.ready(exportId, key, size, sealed)) {
                store.delete(List.of(key));
                LOG.log(Level.INFO, "Export {0} was removed while it was built (its account erased): its file too", exportId);
                return;
            }
            LOG.log(Level.INFO, "Export {0} of user {1} ready ({2} bytes)", new Object[]{exportId, userId, size});
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Export " + exportId + " of user " + userId + " failed", e);
            self.failed(exportId);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "Could not delete the temporary file " + file, e);
                }
            }
        }
    }

    /** Marks a build ready, if it is still this build's export; false: the export is gone. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean ready(String exportId, String key, long size, boolean sealed) {
        return em.createNativeQuery("UPDATE account_exports SET state = 'ready', ready_at = ?1, expires_at = ?2, object_key = ?3,"
                        + " size_bytes = ?4, sealed = ?6 WHERE id = ?5 AND state = 'building'").setParameter(1, now())
                .setParameter(2, now().plus(Duration.ofHours(ttlHours))).setParameter(3, key).setParameter(4, size)
                .setParameter(5, exportId).setParameter(6, sealed).executeUpdate() == 1;
    }

    /** What a sealed export is bound to. */
    private static String boundTo(String exportId) {
        return "export|" + exportId;
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void failed(String exportId) {
        em.createNativeQuery("UPDATE account_exports SET state = 'failed' WHERE id = ?1 AND state = 'building'").setParameter(1, exportId)
                .executeUpdate();
    }

    /** Removes the ZIPs of exports past their expiry; returns how many. */
    public int expire() {
        List<Object[]> due = rows("SELECT id, object_key FROM account_exports WHERE state = 'ready' AND expires_at < ?1", now());
        for (Object[] export : due) {
            store.delete(List.of((String) export[1]));
            em.createNativeQuery("UPDATE account_exports SET state = 'expired', object_key = NULL WHERE id = ?1").setParameter(1, export[0])
                    .executeUpdate();
        }
        return due.size();
    }

    /** Removes every export of a user, files included (an erasure). */
    public void removeAllOf(String userId) {
        List<String> keys = em.createNativeQuery("SELECT object_key FROM account_exports WHERE user_id = ?1 AND object_key IS NOT NULL")
                .setParameter(1, userId).getResultList().stream().map(String.class::cast).toList();
        store.delete(keys);
        em.createNativeQuery("DELETE FROM account_exports WHERE user_id = ?1").setParameter(1, userId).executeUpdate();
    }

    private void write(ExportArchive archive, String userId) throws IOException {
        AccountView account = accounts.me(userId);
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("id", account.id());
        profile.put("username", account.username());
        profile.put("displayName", account.displayName());
        profile.put("createdAt", account.createdAt());
        profile.put("email", account.email());
        profile.put("emailVerified", account.emailVerified());
        archive.object("profile.json", profile);
        archive.array("memberships.json", List.of("roomId", "roomName", "roomType", "role", "joinedAt", "lastReadSeq"), (after, size) ->
                page("SELECT m.room_id, r.name, r.type, m.role, m.joined_at, m.last_read_seq FROM chat_room_members m"
                        + " JOIN chat_rooms r ON r.id = m.room_id WHERE m.user_id = ?1 AND m.room_id > ?2 ORDER BY m.room_id LIMIT ?3",
                        userId, after, size));
        archive.array("messages.json", List.of("messageId", "roomId", "seq", "content", "replyTo", "sentAt", "editedAt"), (after, size) ->
                page("SELECT message_id, room_id, seq, content, reply_to, sent_at, edited_at, content_sealed FROM messages"
                        + " WHERE sender_id = ?1 AND deleted_at IS NULL AND message_id > ?2 ORDER BY message_id LIMIT ?3", userId, after, size)
                        .stream().map(c -> new Object[]{c[0], c[1], c[2], contents.messageText(userId, (String) c[0], (String) c[3], (String) c[7]),
                                c[4], c[5], c[6]}).toList());
        archive.array("reactions.json", List.of("key", "messageId", "emoji", "createdAt"), (after, size) ->
                page("SELECT message_id || ' ' || emoji AS key, message_id, emoji, created_at FROM reactions"
                        + " WHERE user_id = ?1 AND message_id || ' ' || emoji > ?2 ORDER BY 1 LIMIT ?3", userId, after, size));
        archive.array("notification-settings.json", List.of("roomId", "notifications", "mutedUntil"), (after, size) ->
                page("SELECT room_id, level, muted_until FROM notification_settings WHERE user_id = ?1 AND room_id > ?2"
                        + " ORDER BY room_id LIMIT ?3", userId, after, size));
        archive.array("blocks.json", List.of("userId", "blockedAt"), (after, size) ->
                page("SELECT blocked_id, created_at FROM user_blocks WHERE blocker_id = ?1 AND blocked_id > ?2"
                        + " ORDER BY blocked_id LIMIT ?3", userId, after, size));
        archive.array("push-subscriptions.json", List.of("id", "endpoint", "createdAt"), (after, size) ->
                page("SELECT id, endpoint, created_at FROM push_subscriptions WHERE user_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3",
                        userId, after, size));
        List<Object[]> files = rows("SELECT id, original_name, mime_type, size, room_id, message_id, created_at, file_key FROM attachments"
                + " WHERE owner_id = ?1 AND state = 'ready' ORDER BY id", userId);
        archive.array("attachments.json", List.of("id", "name", "mimeType", "size", "roomId", "messageId", "createdAt"),
                (after, size) -> after == null ? files : List.of());
        for (Object[] attachment : files) {
            InputStream content;
            try {
                content = attachments.fileOf((String) attachment[0]);
            } catch (ChatException missing) {
                if (missing.code() != ErrorCode.NOT_FOUND) {
                    throw missing; // the store unavailable: the export fails rather than leave files out
                }
                // removed meanwhile (its message deleted): the export goes on without it
                LOG.log(Level.WARNING, "Export of user {0}: file of attachment {1} not readable ({2}), left out",
                        new Object[]{userId, attachment[0], missing.getMessage()});
                continue;
            }
            archive.copy("attachments/" + attachment[0] + "/" + safeName((String) attachment[1]), content);
        }
    }

    private List<Object[]> page(String sql, String userId, String after, int size) {
        return rows(sql, userId, after == null ? "" : after, size);
    }

    private List<Object[]> rows(String sql, Object... parameters) {
        return NativeQueries.withParameters(em, sql, parameters).getResultList().stream().map(row -> row instanceof Object[] columns ? columns : new Object[]{row}).toList();
    }

    /** A file name as an entry of the ZIP: no folders, nothing that climbs out of one. */
    private static String safeName(String name) {
        String base = name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).replace("..", "_");
        return base.isBlank() ? "file" : base;
    }

    private static ExportView view(Object[] row) {
        return new ExportView((String) row[0], (String) row[1], NativeQueries.instant(row[2]), NativeQueries.instant(row[3]),
                NativeQueries.instant(row[4]), row[5] == null ? null : ((Number) row[5]).longValue());
    }

    private static OffsetDateTime now() {
        return DatabaseClock.now().atOffset(ZoneOffset.UTC);
    }
}
