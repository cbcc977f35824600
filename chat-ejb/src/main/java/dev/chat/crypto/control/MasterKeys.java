package dev.chat.crypto.control;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The versioned master keys that wrap the users' data keys, from configuration: a list
 * {@code <version>:<Base64 of 32 bytes>,…} ({@code chat.crypto.master-keys}, e.g. from the
 * environment) and/or a PKCS12 keystore whose secret keys are named {@code chat-master-<version>}.
 * The active version (the highest, unless configured) wraps new data keys; the others only unwrap
 * the ones not yet re-wrapped.
 */
public final class MasterKeys {
    public static final String KEYSTORE_ALIAS_PREFIX = "chat-master-";

    private final Map<Integer, SecretKey> byVersion;
    private final int active;

    private MasterKeys(Map<Integer, SecretKey> byVersion, int active) {
        this.byVersion = Collections.unmodifiableMap(byVersion);
        this.active = active;
    }

    /**
     * @param list       {@code <version>:<Base64 key>,…} or empty
     * @param keystore   a PKCS12 keystore file, or null
     * @param activeVersion the version that wraps new keys; 0: the highest
     * @throws IllegalArgumentException on a malformed entry, a key that is not 256 bits, an unknown active version
     */
    public static MasterKeys of(String list, Path keystore, char[] password, int activeVersion) {
        Map<Integer, SecretKey> keys = new TreeMap<>();
        for (String entry : list.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException("chat.crypto.master-keys: an entry is <version>:<Base64 of 32 bytes>");
            }
            int version = version(entry.substring(0, colon).strip());
            byte[] key;
            try {
                key = Base64.getDecoder().decode(entry.substring(colon + 1).strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("chat.crypto.master-keys: key " + version + " is not Base64");
            }
            put(keys, version, key);
        }
        if (keystore != null) {
            readKeystore(keys, keystore, password);
        }
        int chosen = activeVersion > 0 ? activeVersion : keys.keySet().stream().max(Integer::compare).orElse(0);
        if (!keys.isEmpty() && !keys.containsKey(chosen)) {
            throw new IllegalArgumentException("chat.crypto.master-key-version " + chosen + " names no configured master key");
        }
        return new MasterKeys(keys, chosen);
    }

    /** The configured versions (numbers only: safe to write into SQL). */
    public java.util.Set<Integer> versions() {
        return byVersion.keySet();
    }

    public boolean isEmpty() {
        return byVersion.isEmpty();
    }

    public int activeVersion() {
        return active;
    }

    public SecretKey active() {
        return key(active);
    }

    /** @throws IllegalStateException when no master key of that version is configured (retired too early) */
    public SecretKey key(int version) {
        SecretKey key = byVersion.get(version);
        if (key == null) {
            throw new IllegalStateException("no master key of version " + version + " is configured (chat.crypto.master-keys)");
        }
        return key;
    }

    private static void readKeystore(Map<Integer, SecretKey> keys, Path file, char[] password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            for (String alias : Collections.list(store.aliases())) {
                if (alias.startsWith(KEYSTORE_ALIAS_PREFIX) && store.isKeyEntry(alias)) {
                    var key = store.getKey(alias, password);
                    put(keys, version(alias.substring(KEYSTORE_ALIAS_PREFIX.length())), key.getEncoded());
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("chat.crypto.keystore.path " + file + " is not a readable PKCS12 keystore: " + e.getMessage(), e);
        }
    }

    private static void put(Map<Integer, SecretKey> keys, int version, byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("master key " + version + " has " + key.length * 8 + " bits; AES-256 needs 256");
        }
        if (keys.put(version, new SecretKeySpec(key, "AES")) != null) {
            throw new IllegalArgumentException("master key " + version + " is configured twice");
        }
    }

    private static int version(String text) {
        int version;
        try {
            version = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a master key version is a positive number, not '" + text + "'", e);
        }
        if (version < 1) {
            throw new IllegalArgumentException("a master key version is a positive number, not " + version);
        }
        return version;
    }
}
