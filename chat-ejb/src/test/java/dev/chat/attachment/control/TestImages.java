package dev.chat.attachment.control;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** Real image files for the tests, drawn with ImageIO, and the metadata cameras and editors add to them, added by hand. */
final class TestImages {
    /** What the tests look for after stripping: it stands for a position, an owner's name. */
    static final String SECRET = "GPS 48.8584N 2.2945E owner Alice";

    private TestImages() {
    }

    /** A landscape picture: red on the left half, blue on the right (so that turning it shows). */
    static BufferedImage picture(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(Color.RED);
        graphics.fillRect(0, 0, width / 2, height);
        graphics.setColor(Color.BLUE);
        graphics.fillRect(width / 2, 0, width - width / 2, height);
        graphics.dispose();
        return image;
    }

    static byte[] encode(BufferedImage image, String format) {
        var out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The JPEG with an EXIF segment right after SOI: orientation and the secret (as a camera's maker note would carry it). */
    static byte[] jpegWithExif(byte[] jpeg, int orientation) {
        byte[] secret = SECRET.getBytes(StandardCharsets.US_ASCII);
        // TIFF, big-endian: header, IFD0 with one entry (orientation), no next IFD, then the secret
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4 + secret.length);
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
        tiff.putShort((short) 1);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0);
        tiff.put(secret);
        byte[] exif = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
        int length = 2 + exif.length + tiff.capacity();
        ByteBuffer out = ByteBuffer.allocate(jpeg.length + 2 + length);
        out.put(jpeg, 0, 2).put((byte) 0xFF).put((byte) 0xE1).putShort((short) length).put(exif).put(tiff.array()).put(jpeg, 2, jpeg.length - 2);
        return out.array();
    }

    /** The PNG with a tEXt chunk (as editors write "Author" or "Comment") before IEND. */
    static byte[] pngWithText(byte[] png) {
        byte[] data = ("Comment\0" + SECRET).getBytes(StandardCharsets.ISO_8859_1);
        byte[] chunk = chunk("tEXt", data);
        int iend = png.length - 12;
        ByteBuffer out = ByteBuffer.allocate(png.length + chunk.length);
        out.put(png, 0, iend).put(chunk).put(png, iend, 12);
        return out.array();
    }

    /** A PNG that declares a huge canvas in its header (a decompression bomb's first bytes). */
    static byte[] pngDeclaring(int width, int height) {
        byte[] png = encode(picture(2, 2), "png");
        ByteBuffer ihdr = ByteBuffer.wrap(png, 16, 13).slice();
        ihdr.putInt(0, width).putInt(4, height);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        ByteBuffer.wrap(png).putInt(29, (int) crc.getValue());
        return png;
    }

    /** The GIF with a comment extension right after its global colour table. */
    static byte[] gifWithComment(byte[] gif) {
        int packed = gif[10] & 0xFF;
        int afterColours = 13 + ((packed & 0x80) != 0 ? 3 * (1 << ((packed & 0x07) + 1)) : 0);
        byte[] secret = SECRET.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out = ByteBuffer.allocate(gif.length + 3 + 1 + secret.length);
        out.put(gif, 0, afterColours).put((byte) 0x21).put((byte) 0xFE).put((byte) secret.length).put(secret).put((byte) 0)
                .put(gif, afterColours, gif.length - afterColours);
        return out.array();
    }

    static boolean contains(byte[] data, String text) {
        return new String(data, StandardCharsets.ISO_8859_1).contains(text);
    }

    private static byte[] chunk(String type, byte[] data) {
        ByteBuffer chunk = ByteBuffer.allocate(12 + data.length);
        chunk.putInt(data.length).put(type.getBytes(StandardCharsets.ISO_8859_1)).put(data);
        CRC32 crc = new CRC32();
        crc.update(chunk.array(), 4, 4 + data.length);
        chunk.putInt((int) crc.getValue());
        return chunk.array();
    }
}
