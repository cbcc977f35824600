package dev.chat.crypto.control;

import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.security.NoSuchAlgorithmException;

/** A user's data key wrapped by a master key and unwrapped again; bound to its user and version. */
public final class DataKeys {
    private DataKeys() {
    }

    public static byte[] newKey() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            return generator.generateKey().getEncoded();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("AES is not available", e);
        }
    }

    /** Wrapped by the active master key. */
    public static DataKeyStore.Wrapped wrap(MasterKeys masters, String userId, int version, byte[] key) {
        return new DataKeyStore.Wrapped(userId, version, masters.activeVersion(),
                Sealed.seal(masters.active(), masters.activeVersion(), boundTo(userId, version), key));
    }

    public static SecretKey unwrap(MasterKeys masters, DataKeyStore.Wrapped wrapped) {
        return new SecretKeySpec(Sealed.open(masters.key(wrapped.masterVersion()), boundTo(wrapped.userId(), wrapped.version()),
                wrapped.wrapped()), "AES");
    }

    private static String boundTo(String userId, int version) {
        return "dek|" + userId + "|" + version;
    }
}
