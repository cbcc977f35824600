package dev.chat.attachment.control;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImagePreviewTest {

    @Test
    void dimensionsComeFromTheHeaderAndTurnWithTheOrientation() {
        byte[] jpeg = TestImages.encode(TestImages.picture(64, 32), "jpeg");

        assertThat(ImagePreview.dimensions(jpeg, 1, 1_000_000)).isEqualTo(new ImagePreview.Dimensions(64, 32));
        assertThat(ImagePreview.dimensions(jpeg, 6, 1_000_000)).isEqualTo(new ImagePreview.Dimensions(32, 64));
    }

    @Test
    void aCanvasOverThePixelLimitIsRefusedBeforeDecoding() {
        byte[] bomb = TestImages.pngDeclaring(100_000, 100_000); // a few dozen bytes declaring 10^10 pixels

        assertThatThrownBy(() -> ImagePreview.dimensions(bomb, 1, 16_777_216))
                .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE));
    }

    @Test
    void previewFitsTheBoxAndKeepsTheShape() throws IOException {
        byte[] png = TestImages.encode(TestImages.picture(1000, 500), "png");

        BufferedImage preview = ImageIO.read(new ByteArrayInputStream(ImagePreview.preview(png, 1, 320)));

        assertThat(preview.getWidth()).isEqualTo(320);
        assertThat(preview.getHeight()).isEqualTo(160);
        assertThat(isReddish(preview.getRGB(10, 80))).isTrue();
        assertThat(isReddish(preview.getRGB(310, 80))).isFalse();
    }

    @Test
    void aSmallImageIsNotEnlarged() throws IOException {
        byte[] png = TestImages.encode(TestImages.picture(100, 50), "png");

        BufferedImage preview = ImageIO.read(new ByteArrayInputStream(ImagePreview.preview(png, 1, 320)));

        assertThat(preview.getWidth()).isEqualTo(100);
        assertThat(preview.getHeight()).isEqualTo(50);
    }

    @Test
    void orientationSixTurnsThePictureRight() throws IOException {
        byte[] jpeg = TestImages.encode(TestImages.picture(200, 100), "jpeg"); // red left, blue right

        BufferedImage upright = ImageIO.read(new ByteArrayInputStream(ImagePreview.uprightJpeg(jpeg, 6)));

        assertThat(upright.getWidth()).isEqualTo(100);
        assertThat(upright.getHeight()).isEqualTo(200);
        // turned a quarter right: what was on the left is on top
        assertThat(isReddish(upright.getRGB(50, 20))).isTrue();
        assertThat(isReddish(upright.getRGB(50, 180))).isFalse();
    }

    @Test
    void orientationEightTurnsThePictureLeft() throws IOException {
        byte[] jpeg = TestImages.encode(TestImages.picture(200, 100), "jpeg");

        BufferedImage upright = ImageIO.read(new ByteArrayInputStream(ImagePreview.uprightJpeg(jpeg, 8)));

        assertThat(upright.getWidth()).isEqualTo(100);
        assertThat(isReddish(upright.getRGB(50, 180))).isTrue(); // the left went to the bottom
    }

    @Test
    void orientationThreeTurnsThePictureAround() throws IOException {
        byte[] jpeg = TestImages.encode(TestImages.picture(200, 100), "jpeg");

        BufferedImage upright = ImageIO.read(new ByteArrayInputStream(ImagePreview.uprightJpeg(jpeg, 3)));

        assertThat(upright.getWidth()).isEqualTo(200);
        assertThat(isReddish(upright.getRGB(180, 50))).isTrue();
    }

    private static boolean isReddish(int rgb) {
        Color color = new Color(rgb);
        return color.getRed() > 150 && color.getBlue() < 100;
    }
}
