package dev.chat.attachment.control;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What a file is, from its first bytes (its "magic number"), never from its name or from what the
 * uploader claims: a script renamed {@code cat.png} is not an image. Text is what is valid UTF-8
 * without control characters other than tab, line feed, form feed and carriage return.
 */
public final class ContentTypes {
    /** How many leading bytes {@link #sniff} reads at most. */
    public static final int SNIFF_BYTES = 512;
    public static final String JPEG = "image/jpeg";
    public static final String PNG = "image/png";
    public static final String GIF = "image/gif";
    public static final String WEBP = "image/webp";
    public static final String PDF = "application/pdf";
    public static final String ZIP = "application/zip";
    public static final String TEXT = "text/plain";
    public static final String UNKNOWN = "application/octet-stream";

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] GIF87 = "GIF87a".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GIF89 = "GIF89a".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RIFF = "RIFF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WEBP_TAG = "WEBP".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PDF_TAG = "%PDF-".getBytes(StandardCharsets.US_ASCII);

    private ContentTypes() {
    }

    /**
     * The type of content that begins with {@code head} (the first {@link #SNIFF_BYTES} bytes, or
     * all of a shorter file); {@link #UNKNOWN} when it is none this server knows.
     *
     * @param complete whether {@code head} is the whole file (text cut in the middle of a character is still text)
     */
    public static String sniff(byte[] head, boolean complete) {
        if (startsWith(head, 0, (byte) 0xFF, (byte) 0xD8, (byte) 0xFF)) {
            return JPEG;
        }
        if (startsWith(head, 0, PNG_SIGNATURE)) {
            return PNG;
        }
        if (startsWith(head, 0, GIF87) || startsWith(head, 0, GIF89)) {
            return GIF;
        }
        if (startsWith(head, 0, RIFF) && startsWith(head, 8, WEBP_TAG)) {
            return WEBP;
        }
        if (startsWith(head, 0, PDF_TAG)) {
            return PDF;
        }
        if (startsWith(head, 0, (byte) 'P', (byte) 'K', (byte) 3, (byte) 4)) {
            return ZIP;
        }
        return isText(head, complete) ? TEXT : UNKNOWN;
    }

    /** Whether the type is one whose pixels the server reads (dimensions, metadata, preview). */
    public static boolean isImage(String mimeType) {
        return JPEG.equals(mimeType) || PNG.equals(mimeType) || GIF.equals(mimeType) || WEBP.equals(mimeType);
    }

    private static boolean isText(byte[] head, boolean complete) {
        if (head.length == 0) {
            return false; // an empty file is nothing
        }
        int length = head.length;
        if (!complete) {
            length = withoutCutCharacter(head); // the sample may end inside a multi-byte character
        }
        for (int i = 0; i < length; i++) {
            int b = head[i] & 0xFF;
            if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' || b == 0x7F) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(head, 0, length));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The length without a UTF-8 sequence that the sample's end cut short. */
    private static int withoutCutCharacter(byte[] head) {
        int end = head.length;
        for (int back = 1; back <= 3 && end - back >= 0; back++) {
            int b = head[end - back] & 0xFF;
            if ((b & 0xC0) != 0x80) { // the lead byte of the last sequence
                int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
                return needed > back ? end - back : end;
            }
        }
        return end;
    }

    private static boolean startsWith(byte[] data, int offset, byte... prefix) {
        return data.length >= offset + prefix.length && Arrays.equals(data, offset, offset + prefix.length, prefix, 0, prefix.length);
    }
}
