package dev.chat.crypto.control;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The sealed form of a value: AES-256-GCM with a random 96-bit nonce, and the version of the key
 * that sealed it beside it, so that a reader picks the right key and old versions stay readable
 * after a rotation. Layout, Base64 (standard) as text: {@code 0x01 | key version (4 bytes, big
 * endian) | nonce (12) | ciphertext and tag (16)}. The associated data binds a sealed value to
 * what it belongs to (e.g. {@code msg|<messageId>}): a value copied onto another record does not open.
 */
public final class Sealed {
    private static final byte FORMAT = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int HEADER = 1 + 4 + NONCE_BYTES;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Sealed() {
    }

    public static String seal(SecretKey key, int keyVersion, String associatedData, byte[] plain) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(HEADER + sealed.length)
                    .put(FORMAT).putInt(keyVersion).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The version of the key that sealed {@code sealed}. @throws IllegalArgumentException when it is not a sealed value */
    public static int keyVersion(String sealed) {
        return header(Base64.getDecoder().decode(sealed)).getInt(1);
    }

    /** @throws IllegalArgumentException when it is not a sealed value, or does not open with this key and associated data */
    public static byte[] open(SecretKey key, String associatedData, String sealed) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(sealed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a sealed value: not Base64", e);
        }
        header(bytes);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 5, NONCE_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(bytes, HEADER, bytes.length - HEADER);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalArgumentException("sealed value does not open: wrong key, or altered, or of another record", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static ByteBuffer header(byte[] bytes) {
        if (bytes.length < HEADER + TAG_BITS / 8 || bytes[0] != FORMAT) {
            throw new IllegalArgumentException("not a sealed value of format " + FORMAT);
        }
        return ByteBuffer.wrap(bytes);
    }
}
