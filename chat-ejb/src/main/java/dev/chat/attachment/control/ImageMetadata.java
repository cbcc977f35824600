package dev.chat.attachment.control;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * Strips what an image says about where and how it was taken (EXIF with its GPS position, XMP,
 * IPTC, comments, text chunks) without touching its pixels: the file is walked segment by segment
 * (JPEG), chunk by chunk (PNG) or block by block (GIF) and only what draws the image is copied, so
 * nothing is decoded or re-compressed. Colour profiles stay (they are not about the person).
 */
public final class ImageMetadata {
    /** PNG ancillary chunks that draw the image (colour, transparency, animation); every other ancillary chunk goes. */
    private static final Set<String> PNG_KEPT = Set.of("PLTE", "tRNS", "gAMA", "cHRM", "sRGB", "iCCP", "sBIT", "pHYs", "bKGD",
            "acTL", "fcTL", "fdAT");
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private ImageMetadata() {
    }

    /** The image without its metadata. @throws ChatException UNSUPPORTED_TYPE when it is not a well-formed file of its type */
    public static byte[] strip(byte[] image, String mimeType) {
        try {
            return switch (mimeType) {
                case ContentTypes.JPEG -> stripJpeg(image);
                case ContentTypes.PNG -> stripPng(image);
                case ContentTypes.GIF -> stripGif(image);
                default -> throw new ChatException(ErrorCode.UNSUPPORTED_TYPE, "images of type " + mimeType + " are not accepted");
            };
        } catch (IndexOutOfBoundsException truncated) {
            throw malformed(mimeType);
        }
    }

    /**
     * The EXIF orientation of a JPEG (1 to 8; 1 when it has none): how the camera was held. Read
     * before {@link #strip} removes it, so that the image can be turned upright instead.
     */
    public static int jpegOrientation(byte[] jpeg) {
        try {
            int at = 2;
            while (at + 4 <= jpeg.length && (jpeg[at] & 0xFF) == 0xFF) {
                int marker = jpeg[at + 1] & 0xFF;
                if (marker == 0xDA || marker == 0xD9) {
                    break;
                }
                int length = u16be(jpeg, at + 2);
                if (marker == 0xE1 && startsWith(jpeg, at + 4, "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1))) {
                    return orientationInTiff(jpeg, at + 10, at + 2 + length);
                }
                at += 2 + length;
            }
        } catch (IndexOutOfBoundsException truncated) {
            // a broken EXIF block says nothing
        }
        return 1;
    }

    private static int orientationInTiff(byte[] data, int tiff, int end) {
        boolean little = data[tiff] == 'I';
        int ifd = tiff + u32(data, tiff + 4, little);
        int entries = u16(data, ifd, little);
        for (int i = 0; i < entries; i++) {
            int entry = ifd + 2 + i * 12;
            if (entry + 12 > end) {
                break;
            }
            if (u16(data, entry, little) == 0x0112) {
                int value = u16(data, entry + 8, little);
                return value >= 1 && value <= 8 ? value : 1;
            }
        }
        return 1;
    }

    private static byte[] stripJpeg(byte[] jpeg) {
        var out = new ByteArrayOutputStream(jpeg.length);
        out.write(jpeg, 0, 2); // SOI
        int at = 2;
        while (at < jpeg.length) {
            if ((jpeg[at] & 0xFF) != 0xFF) {
                throw malformed(ContentTypes.JPEG);
            }
            int marker = jpeg[at + 1] & 0xFF;
            if (marker == 0xFF) {
                at++; // fill byte
                continue;
            }
            if (marker == 0xD9) {
                out.write(jpeg, at, 2); // EOI: what follows (a phone's second image, a motion photo's video) is not this image
                break;
            }
            if (marker >= 0xD0 && marker <= 0xD7 || marker == 0x01) {
                out.write(jpeg, at, 2); // no length
                at += 2;
                continue;
            }
            int length = u16be(jpeg, at + 2);
            if (length < 2 || at + 2 + length > jpeg.length) {
                throw malformed(ContentTypes.JPEG);
            }
            if (marker == 0xDA) {
                out.write(jpeg, at, 2 + length);
                int scanEnd = endOfScan(jpeg, at + 2 + length);
                out.write(jpeg, at + 2 + length, scanEnd - at - 2 - length); // the scan's coded pixels
                at = scanEnd; // then the next segment: tables and scans of a progressive image, metadata (dropped), EOI
                continue;
            }
            if (keepsJpegSegment(marker, jpeg, at + 4)) {
                out.write(jpeg, at, 2 + length);
            }
            at += 2 + length;
        }
        return out.toByteArray();
    }

    /**
     * Where a scan's entropy-coded data ends: at the first marker that is neither a stuffed
     * {@code FF00} nor a restart marker; the file's end when the image is cut short (what was
     * there is kept, as browsers show it).
     */
    private static int endOfScan(byte[] jpeg, int from) {
        for (int i = from; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF) {
                int next = jpeg[i + 1] & 0xFF;
                if (next != 0x00 && next != 0xFF && !(next >= 0xD0 && next <= 0xD7)) {
                    return i;
                }
            }
        }
        return jpeg.length;
    }

    /** APP0 (JFIF), APP14 (Adobe: colour transform) and an APP2 ICC profile draw the image; other APPn and comments describe it. */
    private static boolean keepsJpegSegment(int marker, byte[] jpeg, int payload) {
        if (marker == 0xE2) {
            return startsWith(jpeg, payload, "ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1));
        }
        return !(marker >= 0xE1 && marker <= 0xEF && marker != 0xEE || marker == 0xFE);
    }

    private static byte[] stripPng(byte[] png) {
        if (!startsWith(png, 0, PNG_SIGNATURE)) {
            throw malformed(ContentTypes.PNG);
        }
        var out = new ByteArrayOutputStream(png.length);
        out.write(png, 0, 8);
        int at = 8;
        while (at + 12 <= png.length) {
            long length = u32(png, at, false) & 0xFFFFFFFFL;
            if (length > png.length - at - 12) {
                throw malformed(ContentTypes.PNG);
            }
            String type = new String(png, at + 4, 4, StandardCharsets.ISO_8859_1);
            boolean critical = Character.isUpperCase(type.charAt(0));
            if (critical || PNG_KEPT.contains(type)) {
                out.write(png, at, (int) length + 12);
            }
            at += (int) length + 12;
            if (type.equals("IEND")) {
                return out.toByteArray();
            }
        }
        throw malformed(ContentTypes.PNG);
    }

    private static byte[] stripGif(byte[] gif) {
        var out = new ByteArrayOutputStream(gif.length);
        int at = 13 + colorTableLength(gif[10]);
        out.write(gif, 0, at); // header, screen descriptor, global colours
        while (at < gif.length) {
            int block = gif[at] & 0xFF;
            if (block == 0x3B) { // trailer: anything after it is not part of the image
                out.write(0x3B);
                return out.toByteArray();
            }
            int start = at;
            if (block == 0x21) {
                int label = gif[at + 1] & 0xFF;
                at = afterSubBlocks(gif, at + 2);
                if (keepsGifExtension(label, gif, start + 2)) {
                    out.write(gif, start, at - start);
                }
            } else if (block == 0x2C) {
                at += 10 + colorTableLength(gif[at + 9]);
                at = afterSubBlocks(gif, at + 1); // after the LZW code size
                out.write(gif, start, at - start);
            } else {
                throw malformed(ContentTypes.GIF);
            }
        }
        throw malformed(ContentTypes.GIF);
    }

    /** Graphic control (timing, transparency) and the looping application blocks draw the image; comments, XMP and other applications' blocks do not. */
    private static boolean keepsGifExtension(int label, byte[] gif, int firstSubBlock) {
        if (label == 0xFE) {
            return false;
        }
        if (label != 0xFF) {
            return true;
        }
        String application = (gif[firstSubBlock] & 0xFF) >= 11 ? new String(gif, firstSubBlock + 1, 11, StandardCharsets.ISO_8859_1) : "";
        return application.equals("NETSCAPE2.0") || application.equals("ANIMEXTS1.0");
    }

    private static int afterSubBlocks(byte[] gif, int at) {
        while (true) {
            int size = gif[at] & 0xFF;
            at += 1 + size;
            if (size == 0) {
                return at;
            }
            if (at > gif.length) {
                throw malformed(ContentTypes.GIF);
            }
        }
    }

    private static int colorTableLength(byte packed) {
        return (packed & 0x80) != 0 ? 3 * (1 << ((packed & 0x07) + 1)) : 0;
    }

    private static ChatException malformed(String mimeType) {
        return new ChatException(ErrorCode.UNSUPPORTED_TYPE, "the file begins like " + mimeType + " but is not a well-formed one");
    }

    private static boolean startsWith(byte[] data, int offset, byte[] prefix) {
        return data.length >= offset + prefix.length && Arrays.equals(data, offset, offset + prefix.length, prefix, 0, prefix.length);
    }

    private static int u16be(byte[] data, int at) {
        return (data[at] & 0xFF) << 8 | data[at + 1] & 0xFF;
    }

    private static int u16(byte[] data, int at, boolean little) {
        return little ? (data[at + 1] & 0xFF) << 8 | data[at] & 0xFF : u16be(data, at);
    }

    private static int u32(byte[] data, int at, boolean little) {
        return little ? u16(data, at + 2, true) << 16 | u16(data, at, true) : u16be(data, at) << 16 | u16be(data, at + 2);
    }
}
