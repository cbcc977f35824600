package dev.chat.attachment.control;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class ContentTypesTest {

    @Test
    void imagesAndDocumentsAreKnownByTheirFirstBytes() {
        assertThat(ContentTypes.sniff(TestImages.encode(TestImages.picture(4, 4), "jpeg"), true)).isEqualTo(ContentTypes.JPEG);
        assertThat(ContentTypes.sniff(TestImages.encode(TestImages.picture(4, 4), "png"), true)).isEqualTo(ContentTypes.PNG);
        assertThat(ContentTypes.sniff(TestImages.encode(TestImages.picture(4, 4), "gif"), true)).isEqualTo(ContentTypes.GIF);
        assertThat(ContentTypes.sniff("%PDF-1.7\n%âãÏÓ".getBytes(StandardCharsets.ISO_8859_1), true)).isEqualTo(ContentTypes.PDF);
        assertThat(ContentTypes.sniff(new byte[]{'P', 'K', 3, 4, 20, 0}, true)).isEqualTo(ContentTypes.ZIP);
        assertThat(ContentTypes.sniff("RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1), true)).isEqualTo(ContentTypes.WEBP);
    }

    @Test
    void textIsUtf8WithoutControlCharacters() {
        assertThat(ContentTypes.sniff("Grüße, 世界!\nline two\ttab".getBytes(StandardCharsets.UTF_8), true)).isEqualTo(ContentTypes.TEXT);
        assertThat(ContentTypes.sniff(new byte[]{'a', 0, 'b'}, true)).isEqualTo(ContentTypes.UNKNOWN);
        assertThat(ContentTypes.sniff(new byte[]{'a', (byte) 0xC3}, true)).isEqualTo(ContentTypes.UNKNOWN); // cut in the middle of "ü"
        assertThat(ContentTypes.sniff(new byte[0], true)).isEqualTo(ContentTypes.UNKNOWN);
    }

    @Test
    void aSampleCutInsideACharacterIsStillText() {
        byte[] text = "ü".repeat(300).getBytes(StandardCharsets.UTF_8);
        byte[] sample = Arrays.copyOf(text, 511); // half a character at the end

        assertThat(ContentTypes.sniff(sample, false)).isEqualTo(ContentTypes.TEXT);
    }

    @Test
    void aScriptNamedLikeAnImageIsText() {
        assertThat(ContentTypes.sniff("<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8), true)).isEqualTo(ContentTypes.TEXT);
        assertThat(ContentTypes.sniff(new byte[]{0x7F, 'E', 'L', 'F', 2, 1, 1, 0}, true)).isEqualTo(ContentTypes.UNKNOWN);
    }
}
