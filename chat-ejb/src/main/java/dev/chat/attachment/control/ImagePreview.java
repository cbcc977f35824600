package dev.chat.attachment.control;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;

/**
 * Reads what an image is (its size, from the header alone) and draws its preview: decoded with
 * subsampling, so that a large photo never becomes a large bitmap, and only after its pixel count
 * was checked against the limit (a tiny file can declare a huge canvas: a "decompression bomb").
 * Previews are JPEG, turned upright by the EXIF orientation the original had.
 */
public final class ImagePreview {
    private static final float PREVIEW_QUALITY = 0.8f;

    private ImagePreview() {
    }

    /** Width and height as the file declares them. */
    public record Dimensions(int width, int height) {
        long pixels() {
            return (long) width * height;
        }

        /** As shown: a quarter turn (orientations 5 to 8) swaps them. */
        Dimensions upright(int orientation) {
            return orientation >= 5 ? new Dimensions(height, width) : this;
        }
    }

    /**
     * The image's dimensions, as shown (upright), read from its header without decoding it.
     *
     * @throws ChatException TOO_LARGE above {@code maxPixels}; UNSUPPORTED_TYPE when no reader understands it
     */
    public static Dimensions dimensions(byte[] image, int orientation, long maxPixels) {
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(image))) {
            ImageReader reader = readerOf(input);
            try {
                Dimensions declared = new Dimensions(reader.getWidth(0), reader.getHeight(0));
                if (declared.width() <= 0 || declared.height() <= 0) {
                    throw new ChatException(ErrorCode.UNSUPPORTED_TYPE, "the image declares no size");
                }
                if (declared.pixels() > maxPixels) {
                    throw new ChatException(ErrorCode.TOO_LARGE, "the image has " + declared.pixels() + " pixels, more than the "
                            + maxPixels + " accepted");
                }
                return declared.upright(orientation);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw unreadable(e, "read");
        }
    }

    /**
     * A JPEG preview that fits in {@code box}×{@code box} pixels (never larger than the image), upright.
     * Call only after {@link #dimensions} accepted the image.
     */
    public static byte[] preview(byte[] image, int orientation, int box) {
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(image))) {
            ImageReader reader = readerOf(input);
            BufferedImage decoded;
            try {
                int longest = Math.max(reader.getWidth(0), reader.getHeight(0));
                ImageReadParam param = reader.getDefaultReadParam();
                int step = Math.max(1, longest / (box * 2)); // about twice the preview's size, then scaled smoothly
                param.setSourceSubsampling(step, step, 0, 0);
                decoded = reader.read(0, param);
            } finally {
                reader.dispose();
            }
            return encodeJpeg(scaledUpright(decoded, orientation, box));
        } catch (IOException | RuntimeException e) {
            throw unreadable(e, "decoded");
        }
    }

    /**
     * The whole JPEG turned upright and encoded again: for a photo whose EXIF orientation goes
     * with its metadata, so that it still shows the right way up. Call only after
     * {@link #dimensions} accepted it.
     */
    public static byte[] uprightJpeg(byte[] jpeg, int orientation) {
        try {
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(jpeg));
            if (decoded == null) {
                throw new ChatException(ErrorCode.UNSUPPORTED_TYPE, "the image cannot be decoded");
            }
            return encodeJpeg(scaledUpright(decoded, orientation, Integer.MAX_VALUE));
        } catch (IOException | RuntimeException e) {
            throw unreadable(e, "decoded");
        }
    }

    /**
     * A file the JDK's readers fail on: a refusal of the file (the readers throw index and state
     * exceptions on broken data, not only IOException), never a server error. Our own refusals pass.
     */
    private static ChatException unreadable(Exception e, String what) {
        if (e instanceof ChatException refused) {
            return refused;
        }
        return new ChatException(ErrorCode.UNSUPPORTED_TYPE, "the image cannot be " + what + ": " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : " " + e.getMessage()));
    }

    private static ImageReader readerOf(ImageInputStream input) {
        Iterator<ImageReader> readers = input == null ? null : ImageIO.getImageReaders(input);
        if (readers == null || !readers.hasNext()) {
            throw new ChatException(ErrorCode.UNSUPPORTED_TYPE, "no reader for this image");
        }
        ImageReader reader = readers.next();
        reader.setInput(input, true, true); // metadata ignored: never parsed, never kept
        return reader;
    }

    /** Scaled to fit the box (never up), on white (JPEG has no transparency), turned by the EXIF orientation. */
    private static BufferedImage scaledUpright(BufferedImage source, int orientation, int box) {
        boolean quarterTurn = orientation >= 5;
        int shownWidth = quarterTurn ? source.getHeight() : source.getWidth();
        int shownHeight = quarterTurn ? source.getWidth() : source.getHeight();
        double scale = Math.min(1.0, Math.min((double) box / shownWidth, (double) box / shownHeight));
        int width = Math.max(1, (int) Math.round(shownWidth * scale));
        int height = Math.max(1, (int) Math.round(shownHeight * scale));
        BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = target.createGraphics();
        try {
            graphics.setColor(Color.WHITE);
            graphics.fillRect(0, 0, width, height);
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            AffineTransform transform = orientationTransform(orientation, width, height);
            // the stored image scaled to the target's size before it is turned (a quarter turn swaps the sides)
            int storedWidth = quarterTurn ? height : width;
            int storedHeight = quarterTurn ? width : height;
            transform.scale((double) storedWidth / source.getWidth(), (double) storedHeight / source.getHeight());
            graphics.drawImage(source, transform, null);
        } finally {
            graphics.dispose();
        }
        return target;
    }

    /**
     * Maps the stored image, already scaled, onto the upright target of {@code width}×{@code height}
     * (EXIF orientations: 2 mirrored, 3 upside down, 4 flipped, 5 transposed, 6 turned right,
     * 7 transversed, 8 turned left).
     */
    static AffineTransform orientationTransform(int orientation, int width, int height) {
        AffineTransform t = new AffineTransform();
        switch (orientation) {
            case 2 -> { t.translate(width, 0); t.scale(-1, 1); }
            case 3 -> { t.translate(width, height); t.rotate(Math.PI); }
            case 4 -> { t.translate(0, height); t.scale(1, -1); }
            case 5 -> { t.rotate(Math.PI / 2); t.scale(1, -1); }
            case 6 -> { t.translate(width, 0); t.rotate(Math.PI / 2); }
            case 7 -> { t.translate(width, height); t.rotate(-Math.PI / 2); t.scale(1, -1); }
            case 8 -> { t.translate(0, height); t.rotate(-Math.PI / 2); }
            default -> { }
        }
        return t;
    }

    private static byte[] encodeJpeg(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        var bytes = new ByteArrayOutputStream();
        try (var output = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(output);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(PREVIEW_QUALITY);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
