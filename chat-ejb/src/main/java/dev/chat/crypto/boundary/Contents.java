package dev.chat.crypto.boundary;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.event.MessageEditedV1;
import dev.chat.api.event.MessageRestoredV1;
import dev.chat.api.event.MessageSentV1;
import dev.chat.api.event.RoomEvent;
import dev.chat.crypto.control.DataKeyStore;
import dev.chat.crypto.control.DataKeys;
import dev.chat.crypto.control.MasterKeys;
import dev.chat.crypto.control.Sealed;
import dev.chat.crypto.control.SealedStream;
import dev.chat.platform.cache.AnnouncedCache;
import dev.chat.platform.persistence.DatabaseClock;
import dev.chat.platform.startup.StartsWithApplication;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.crypto.SecretKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Content at rest (docs/privacy.md, "Encryption at rest"). With {@code chat.crypto.enabled},
 * new content is sealed with its author's data key: messages ({@link #sealMessage}) and files
 * ({@link #sealingFile}: attachments and exports, which pass through the server); whatever reads content
 * asks {@link #messageText}, which gives plain content as it is and opens sealed content, with
 * encryption on or off, as long as the master keys are configured. Unwrapped data keys are cached
 * per user for {@code chat.crypto.key-cache-ttl-ms}: after an erasure ({@link #shred}) another node
 * may open that user's content for up to that long.
 */
@ApplicationScoped
public class Contents implements StartsWithApplication {
    private static final Logger LOG = Logger.getLogger(Contents.class.getName());
    private static final int FIRST_VERSION = 1;

    @Inject
    DataKeyStore store;

    /** Seal new content (with the master keys configured, sealed content is read either way). */
    @Inject
    @ConfigProperty(name = "chat.crypto.enabled", defaultValue = "false")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "chat.crypto.master-keys")
    Optional<String> masterKeyList;

    @Inject
    @ConfigProperty(name = "chat.crypto.keystore.path")
    Optional<String> keystorePath;

    @Inject
    @ConfigProperty(name = "chat.crypto.keystore.password")
    Optional<String> keystorePassword;

    @Inject
    @ConfigProperty(name = "chat.crypto.master-key-version", defaultValue = "0")
    int masterKeyVersion;

    @Inject
    @ConfigProperty(name = "chat.crypto.key-cache-ttl-ms", defaultValue = "60000")
    long keyCacheTtlMs;

    private MasterKeys masters;
    private AnnouncedCache<String, NavigableMap<Integer, SecretKey>> dataKeys;

    @PostConstruct
    void create() {
        masters = MasterKeys.of(masterKeyList.orElse(""), keystorePath.map(Path::of).orElse(null),
                keystorePassword.orElse("").toCharArray(), masterKeyVersion);
        dataKeys = new AnnouncedCache<>(keyCacheTtlMs, 100_000);
    }

    /** Fails the deployment when sealing is asked for without a master key. */
    @Override
    public void start() {
        if (enabled && masters.isEmpty()) {
            throw new IllegalStateException("chat.crypto.enabled=true needs master keys: chat.crypto.master-keys or chat.crypto.keystore.path");
        }
    }

    public boolean sealing() {
        return enabled;
    }

    MasterKeys masters() {
        return masters;
    }

    /** Content of message {@code messageId} by {@code authorId}, sealed with the author's data key. */
    public String sealMessage(String authorId, String messageId, String text) {
        Map.Entry<Integer, SecretKey> newest = newestKey(authorId);
        return Sealed.seal(newest.getValue(), newest.getKey(), boundTo(messageId), text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A file of {@code ownerId}'s (an attachment, its preview, an export) as it is written to the
     * stream returned, sealed with the owner's data key into {@code out} ({@link SealedStream});
     * {@code boundTo} names the file (the same name opens it). Closing the stream closes {@code out}.
     */
    public OutputStream sealingFile(String ownerId, String boundTo, OutputStream out) throws IOException {
        Map.Entry<Integer, SecretKey> newest = newestKey(ownerId);
        return SealedStream.sealing(out, newest.getValue(), newest.getKey(), boundTo);
    }

    /** {@link #sealingFile} of a file held whole. */
    public byte[] sealFile(String ownerId, String boundTo, byte[] content) {
        ByteArrayOutputStream sealed = new ByteArrayOutputStream(content.length + content.length / 1000 + 64);
        try (OutputStream out = sealingFile(ownerId, boundTo, sealed)) {
            out.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not from memory
        }
        return sealed.toByteArray();
    }

    /**
     * A sealed file of {@code ownerId}'s, opened as it is read; reading it fails with an
     * {@link IOException} where it does not open (altered, another file's).
     *
     * @throws ChatException NOT_FOUND when its owner's data keys are gone (an erased account) or it
     *                       does not open here (logged: not a sealed file, or a key wrapped by a master key
     *                       this node lacks); UNAVAILABLE when its first bytes cannot be read
     */
    public InputStream openingFile(String ownerId, String boundTo, InputStream sealed) {
        NavigableMap<Integer, SecretKey> keys = keysOf(ownerId);
        try {
            return SealedStream.opening(sealed, keys::get, boundTo);
        } catch (IllegalArgumentException notOpened) {
            closeQuietly(sealed);
            if (!keys.isEmpty() || !store.of(ownerId).isEmpty()) {
                LOG.log(Level.WARNING, "File {0} of user {1} does not open here ({2})", new Object[]{boundTo, ownerId, notOpened.getMessage()});
            }
            throw new ChatException(ErrorCode.NOT_FOUND, "the file is gone");
        } catch (IOException unreadable) {
            closeQuietly(sealed);
            throw new ChatException(ErrorCode.UNAVAILABLE, "the file cannot be read now, try again later");
        }
    }

    /**
     * The text of a message: {@code plain} when it is stored plain, else {@code sealed} opened;
     * null when neither (deleted), when its author's keys were shredded (erased account), and when
     * it does not open here (logged: a value that is not sealed content, or a data key wrapped by a
     * master key this node lacks), so that one such message never fails a page, a room list, a
     * digest or the persister. A database that does not answer still fails the call.
     */
    public String messageText(String authorId, String messageId, String plain, String sealed) {
        if (plain != null || sealed == null) {
            return plain;
        }
        var keys = keysOf(authorId);
        try {
            SecretKey key = keys.get(Sealed.keyVersion(sealed));
            return key == null ? null : new String(Sealed.open(key, boundTo(messageId), sealed), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notOpened) {
            LOG.log(Level.WARNING, "Message {0}: sealed content does not open ({1}); shown without content",
                    new Object[]{messageId, notOpened.getMessage()});
            return null;
        }
    }

    /**
     * A message or an edit with its sealed content opened (for a node's own use: its sessions, the
     * mentions); any other event, or a plain one, as it is.
     *
     * @throws IllegalArgumentException when sealed content does not open
     */
    @SuppressWarnings("unchecked") // each event type opens to its own type
    public <E extends RoomEvent> E opened(E event) {
        if (event instanceof MessageSentV1 sent && sent.sealedContent() != null && sent.content() == null) {
            return (E) sent.opened(messageText(sent.senderId(), sent.messageId(), null, sent.sealedContent()));
        }
        if (event instanceof MessageEditedV1 edited && edited.sealedContent() != null && edited.content() == null) {
            return (E) edited.opened(messageText(edited.editedBy(), edited.messageId(), null, edited.sealedContent()));
        }
        if (event instanceof MessageRestoredV1 restored && restored.sealedContent() != null && restored.content() == null) {
            return (E) restored.opened(messageText(restored.senderId(), restored.messageId(), null, restored.sealedContent()));
        }
        return event;
    }

    /** Deletes the user's data keys (in the caller's transaction): their sealed content, wherever it is, no longer opens. */
    public void shred(String userId) {
        store.shred(userId);
        dataKeys.invalidate(userId);
    }

    /** The user's newest data key and its version, made now if they have none yet. */
    private Map.Entry<Integer, SecretKey> newestKey(String userId) {
        NavigableMap<Integer, SecretKey> keys = keysOf(userId);
        if (keys.isEmpty()) {
            byte[] key = DataKeys.newKey();
            store.createFirst(DataKeys.wrap(masters, userId, FIRST_VERSION, key), DatabaseClock.now());
            dataKeys.invalidate(userId);
            keys = keysOf(userId);
            if (keys.isEmpty()) {
                throw store.of(userId).isEmpty() ? new ChatException(ErrorCode.UNAUTHORIZED, "the account is deleted")
                        : new ChatException(ErrorCode.UNAVAILABLE, "this node cannot unwrap the user's data key: a master key is missing from its configuration");
            }
        }
        return keys.lastEntry();
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing a file's stream failed", e);
        }
    }

    /** The user's data keys this node can unwrap (one wrapped by a master key it lacks is left out, logged). */
    private NavigableMap<Integer, SecretKey> keysOf(String userId) {
        return dataKeys.get(userId, id -> {
            NavigableMap<Integer, SecretKey> keys = new TreeMap<>();
            for (DataKeyStore.Wrapped wrapped : store.of(id)) {
                try {
                    keys.put(wrapped.version(), DataKeys.unwrap(masters, wrapped));
                } catch (IllegalStateException | IllegalArgumentException unwrappable) {
                    LOG.log(Level.SEVERE, "Data key {0} of user {1} does not unwrap on this node ({2}): its content cannot be read"
                            + " here; every node needs every master key still in use (docs/privacy.md)",
                            new Object[]{wrapped.version(), id, unwrappable.getMessage()});
                }
            }
            return keys;
        });
    }

    private static String boundTo(String messageId) {
        return "msg|" + messageId;
    }
}
