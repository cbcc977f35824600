package dev.chat.crypto.control;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.function.IntFunction;

/**
 * The sealed form of a file (an attachment, its preview, an export): too large to seal as one
 * value, since AES-GCM hands out nothing of what it opens before its tag is checked at the end.
 * So the file is cut into segments of {@value #SEGMENT_BYTES} bytes, each sealed on its own, and
 * a reader checks and hands out one segment at a time, in memory of one segment whatever the size.
 * <p>
 * Layout: {@code 0x02 | key version (4 bytes, big endian) | salt (16) | nonce prefix (7)}, then
 * the segments, each its ciphertext and 16-byte tag. Each file is sealed with its own key, derived
 * from the data key and the salt with HKDF-SHA256 (so nonces never repeat across files of one data
 * key), bound to what the file belongs to (e.g. {@code file|<attachmentId>}). A segment's nonce is
 * the prefix, its number (4 bytes) and a last-segment flag (1 byte): segments cannot be reordered,
 * dropped or cut off at the end without the reader noticing (the scheme of Tink's streaming AEAD
 * and age's STREAM). An empty file is one empty last segment.
 */
public final class SealedStream {
    public static final int SEGMENT_BYTES = 64 * 1024;
    private static final byte FORMAT = 2;
    private static final int SALT_BYTES = 16;
    private static final int PREFIX_BYTES = 7;
    private static final int TAG_BYTES = 16;
    private static final int HEADER_BYTES = 1 + 4 + SALT_BYTES + PREFIX_BYTES;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SealedStream() {
    }

    /** What is written to the stream it returns goes to {@code out} sealed; closing it writes the last segment and closes {@code out}. */
    public static OutputStream sealing(OutputStream out, SecretKey dataKey, int keyVersion, String boundTo) throws IOException {
        byte[] salt = random(SALT_BYTES);
        byte[] prefix = random(PREFIX_BYTES);
        out.write(ByteBuffer.allocate(HEADER_BYTES).put(FORMAT).putInt(keyVersion).put(salt).put(prefix).array());
        return new Sealing(out, fileKey(dataKey, salt, boundTo), prefix);
    }

    /**
     * The file {@code sealed} holds, opened as it is read. Reads the header at once, to pick the
     * data key of its version ({@code keys} gives null for a version there is no key for).
     *
     * @throws IllegalArgumentException when it is not a sealed file, or no key of its version is known
     * @throws IOException              when the header cannot be read; reading the stream then throws
     *                                  an {@link IOException} at the first segment that does not open
     *                                  (altered, another file's, cut off)
     */
    public static InputStream opening(InputStream sealed, IntFunction<SecretKey> keys, String boundTo) throws IOException {
        byte[] header = sealed.readNBytes(HEADER_BYTES);
        if (header.length < HEADER_BYTES || header[0] != FORMAT) {
            throw new IllegalArgumentException("not a sealed file of format " + FORMAT);
        }
        ByteBuffer fields = ByteBuffer.wrap(header, 1, HEADER_BYTES - 1);
        int version = fields.getInt();
        byte[] salt = new byte[SALT_BYTES];
        byte[] prefix = new byte[PREFIX_BYTES];
        fields.get(salt).get(prefix);
        SecretKey dataKey = keys.apply(version);
        if (dataKey == null) {
            throw new IllegalArgumentException("no data key of version " + version);
        }
        return new Opening(sealed, fileKey(dataKey, salt, boundTo), prefix);
    }

    /** HKDF-SHA256 (RFC 5869) of the data key, with the file's salt, for the file's binding: one block, 32 bytes. */
    private static SecretKey fileKey(SecretKey dataKey, byte[] salt, String boundTo) {
        try {
            Mac extract = Mac.getInstance("HmacSHA256");
            extract.init(new SecretKeySpec(salt, "HmacSHA256"));
            byte[] pseudoRandomKey = extract.doFinal(dataKey.getEncoded());
            Mac expand = Mac.getInstance("HmacSHA256");
            expand.init(new SecretKeySpec(pseudoRandomKey, "HmacSHA256"));
            expand.update(("chat-file|" + boundTo).getBytes(StandardCharsets.UTF_8));
            expand.update((byte) 1);
            return new SecretKeySpec(expand.doFinal(), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static Cipher segmentCipher(int mode, SecretKey key, byte[] prefix, int segment, boolean last) {
        byte[] nonce = ByteBuffer.allocate(PREFIX_BYTES + 5).put(prefix).putInt(segment).put((byte) (last ? 1 : 0)).array();
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return value;
    }

    private static final class Sealing extends FilterOutputStream {
        private final SecretKey key;
        private final byte[] prefix;
        private final byte[] segment = new byte[SEGMENT_BYTES];
        private int filled;
        private int number;
        private boolean closed;

        Sealing(OutputStream out, SecretKey key, byte[] prefix) {
            super(out);
            this.key = key;
            this.prefix = prefix;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (closed) {
                throw new IOException("sealed file already closed");
            }
            while (length > 0) {
                if (filled == SEGMENT_BYTES) {
                    seal(false); // only once more follows: the last segment is sealed at close, full or not
                }
                int taken = Math.min(length, SEGMENT_BYTES - filled);
                System.arraycopy(bytes, offset, segment, filled, taken);
                filled += taken;
                offset += taken;
                length -= taken;
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush(); // a segment is sealed only once full: what is buffered stays until then
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try (OutputStream target = out) {
                seal(true);
                target.flush();
            }
        }

        private void seal(boolean last) throws IOException {
            try {
                out.write(segmentCipher(Cipher.ENCRYPT_MODE, key, prefix, number++, last).doFinal(segment, 0, filled));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM failed to seal", e);
            }
            filled = 0;
        }
    }

    private static final class Opening extends InputStream {
        private static final int SEALED_SEGMENT = SEGMENT_BYTES + TAG_BYTES;
        private final InputStream in;
        private final SecretKey key;
        private final byte[] prefix;
        /** Sealed bytes read ahead: one whole segment and one byte more tell whether it is the last. */
        private final byte[] sealed = new byte[SEALED_SEGMENT + 1];
        private int sealedFilled;
        private byte[] plain = new byte[0];
        private int position;
        private int number;
        private boolean ended;

        Opening(InputStream in, SecretKey key, byte[] prefix) {
            this.in = in;
            this.key = key;
            this.prefix = prefix;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (position == plain.length) {
                if (ended) {
                    return -1;
                }
                openNext();
            }
            int given = Math.min(length, plain.length - position);
            System.arraycopy(plain, position, target, offset, given);
            position += given;
            return given;
        }

        private void openNext() throws IOException {
            sealedFilled += in.readNBytes(sealed, sealedFilled, sealed.length - sealedFilled);
            boolean last = sealedFilled <= SEALED_SEGMENT;
            int length = Math.min(sealedFilled, SEALED_SEGMENT);
            if (length < TAG_BYTES) {
                throw new EOFException("sealed file cut off: segment " + number + " has no tag");
            }
            try {
                plain = segmentCipher(Cipher.DECRYPT_MODE, key, prefix, number, last).doFinal(sealed, 0, length);
            } catch (AEADBadTagException e) {
                throw new IOException("sealed file does not open at segment " + number + ": wrong key, altered, another file's, or cut off", e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM failed to open", e);
            }
            number++;
            position = 0;
            ended = last;
            if (!last) {
                sealed[0] = sealed[SEALED_SEGMENT]; // the byte read ahead starts the next segment
                sealedFilled = 1;
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
