package dev.chat.attachment.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContentDispositionTest {

    @Test
    void asciiNamesAppearTwiceAsTheyAre() {
        assertThat(ContentDisposition.of("report.pdf", false))
                .isEqualTo("attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf");
    }

    @Test
    void otherNamesHaveASafeFallbackAndTheirUtf8Form() {
        assertThat(ContentDisposition.of("Grüße \"x\".jpg", true))
                .isEqualTo("inline; filename=\"Gr__e _x_.jpg\"; filename*=UTF-8''Gr%C3%BC%C3%9Fe%20%22x%22.jpg");
    }
}
