package dev.chat.attachment.control;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UploadChecksTest {

    static AttachmentLimits limits() {
        var limits = new AttachmentLimits();
        limits.maxBytes = 1_000_000;
        limits.maxDirectBytes = 500_000;
        limits.maxImageBytes = 800_000;
        limits.allowedTypes = List.of("image/jpeg", "image/png", "image/gif", "image/webp", "text/plain", "application/pdf");
        limits.quotaBytes = 2_000_000;
        limits.maxPixels = 4_000_000;
        limits.previewSize = 64;
        limits.unattachedTtlSeconds = 86_400;
        limits.readTypes();
        return limits;
    }

    private static UploadChecks checks() {
        var checks = new UploadChecks();
        checks.limits = limits();
        checks.imageWorkers = new ImageWorkers();
        checks.imageWorkers.workers = 1;
        checks.imageWorkers.queue = 1;
        checks.imageWorkers.maxDecodeMs = 10_000;
        checks.imageWorkers.start();
        return checks;
    }

    @Test
    void aTypeDeclaredFalselyIsRefused() {
        byte[] script = "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> checks().check(script, "image/png", true))
                .isInstanceOfSatisfying(ChatException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_TYPE);
                    assertThat(e.getMessage()).contains("declared image/png").contains("text/plain");
                });
    }

    @Test
    void aTypeNotAcceptedIsRefusedEvenWhenHonest() {
        byte[] elf = {0x7F, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0};

        assertThatThrownBy(() -> checks().check(elf, null, true))
                .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_TYPE));
    }

    @Test
    void clientsNamesForATypeAreUnderstood() {
        byte[] jpeg = TestImages.encode(TestImages.picture(8, 8), "jpeg");

        assertThat(checks().typeOf(jpeg, true, "image/jpg")).isEqualTo(ContentTypes.JPEG);
        assertThat(checks().typeOf("hello".getBytes(StandardCharsets.UTF_8), true, "text/plain; charset=UTF-8")).isEqualTo(ContentTypes.TEXT);
        assertThat(checks().typeOf(jpeg, true, "application/octet-stream")).isEqualTo(ContentTypes.JPEG); // "I don't know"
    }

    @Test
    void anImageWhoseMetadataCannotBeStrippedIsNotAcceptedWhateverTheSetting() {
        assertThatThrownBy(() -> checks().typeOf("RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1), true, "image/webp"))
                .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_TYPE));
    }

    @Test
    void aPhotoIsStrippedTurnedUprightAndPreviewed() throws IOException {
        byte[] photo = TestImages.jpegWithExif(TestImages.encode(TestImages.picture(200, 100), "jpeg"), 6);

        UploadChecks.Checked checked = checks().check(photo, "image/jpeg", false);

        assertThat(TestImages.contains(checked.content(), TestImages.SECRET)).isFalse();
        assertThat(checked.description().mimeType()).isEqualTo(ContentTypes.JPEG);
        assertThat(checked.description().width()).isEqualTo(100);
        assertThat(checked.description().height()).isEqualTo(200);
        assertThat(checked.description().size()).isEqualTo(checked.content().length);
        assertThat(checked.description().sha256()).isEqualTo(UploadChecks.sha256(checked.content()));
        BufferedImage stored = ImageIO.read(new ByteArrayInputStream(checked.content()));
        assertThat(stored.getHeight()).isEqualTo(200);
        BufferedImage preview = ImageIO.read(new ByteArrayInputStream(checked.preview()));
        assertThat(preview.getHeight()).isEqualTo(64);
        assertThat(preview.getWidth()).isEqualTo(32);
    }

    @Test
    void sizeLimitsDependOnTheWayAndTheKind() {
        AttachmentLimits limits = limits();

        assertThatThrownBy(() -> limits.requireWithinSize(600_000, true, false)).hasMessageContaining("500000");
        limits.requireWithinSize(600_000, false, false);
        assertThatThrownBy(() -> limits.requireWithinSize(900_000, false, true)).hasMessageContaining("800000");
        assertThatThrownBy(() -> limits.requireWithinQuota(1_500_000, 600_000))
                .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED));
        assertThatThrownBy(() -> limits.requireWithinSize(0, false, false)).isInstanceOf(ChatException.class);
    }
}
