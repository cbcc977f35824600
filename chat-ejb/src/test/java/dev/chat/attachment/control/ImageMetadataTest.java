package dev.chat.attachment.control;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageMetadataTest {

    @Test
    void jpegLosesItsExifAndKeepsItsPixels() throws IOException {
        byte[] plain = TestImages.encode(TestImages.picture(64, 32), "jpeg");
        byte[] withExif = TestImages.jpegWithExif(plain, 1);
        assertThat(TestImages.contains(withExif, TestImages.SECRET)).isTrue();

        byte[] stripped = ImageMetadata.strip(withExif, ContentTypes.JPEG);

        assertThat(TestImages.contains(stripped, TestImages.SECRET)).isFalse();
        assertThat(TestImages.contains(stripped, "Exif")).isFalse();
        assertThat(stripped).isEqualTo(plain); // nothing but the segment went: the pixels are the same bytes
        assertThat(ImageIO.read(new ByteArrayInputStream(stripped)).getWidth()).isEqualTo(64);
    }

    @Test
    void whatFollowsTheImageAndCommentsBetweenItsSegmentsGo() {
        byte[] plain = TestImages.encode(TestImages.picture(64, 32), "jpeg");
        byte[] secret = TestImages.SECRET.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        // a comment segment right before EOI (after the scan), and a trailer after EOI (a phone's second image, a video)
        var withExtras = new java.io.ByteArrayOutputStream();
        withExtras.write(plain, 0, plain.length - 2);
        withExtras.write(0xFF);
        withExtras.write(0xFE);
        withExtras.write(0);
        withExtras.write(secret.length + 2);
        withExtras.writeBytes(secret);
        withExtras.write(0xFF);
        withExtras.write(0xD9);
        withExtras.writeBytes(secret);

        byte[] stripped = ImageMetadata.strip(withExtras.toByteArray(), ContentTypes.JPEG);

        assertThat(TestImages.contains(stripped, TestImages.SECRET)).isFalse();
        assertThat(stripped).isEqualTo(plain);
    }

    @Test
    void orientationIsReadFromTheExifBeforeItGoes() {
        byte[] plain = TestImages.encode(TestImages.picture(64, 32), "jpeg");
        assertThat(ImageMetadata.jpegOrientation(TestImages.jpegWithExif(plain, 6))).isEqualTo(6);
        assertThat(ImageMetadata.jpegOrientation(plain)).isEqualTo(1);
    }

    @Test
    void pngLosesItsTextChunks() throws IOException {
        byte[] plain = TestImages.encode(TestImages.picture(40, 20), "png");
        byte[] stripped = ImageMetadata.strip(TestImages.pngWithText(plain), ContentTypes.PNG);

        assertThat(TestImages.contains(stripped, TestImages.SECRET)).isFalse();
        assertThat(stripped).isEqualTo(plain);
        BufferedImage read = ImageIO.read(new ByteArrayInputStream(stripped));
        assertThat(read.getRGB(0, 0)).isEqualTo(TestImages.picture(40, 20).getRGB(0, 0));
    }

    @Test
    void gifLosesItsComments() {
        byte[] plain = TestImages.encode(TestImages.picture(16, 16), "gif");
        byte[] stripped = ImageMetadata.strip(TestImages.gifWithComment(plain), ContentTypes.GIF);

        assertThat(TestImages.contains(stripped, TestImages.SECRET)).isFalse();
        assertThat(stripped).isEqualTo(plain);
    }

    @Test
    void aTruncatedFileIsRefusedNotHalfStored() {
        byte[] png = TestImages.encode(TestImages.picture(40, 20), "png");
        byte[] truncated = Arrays.copyOf(png, png.length - 20);

        assertThatThrownBy(() -> ImageMetadata.strip(truncated, ContentTypes.PNG))
                .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_TYPE));
        byte[] jpeg = TestImages.encode(TestImages.picture(40, 20), "jpeg");
        assertThatThrownBy(() -> ImageMetadata.strip(Arrays.copyOf(jpeg, 30), ContentTypes.JPEG)).isInstanceOf(ChatException.class);
    }
}
