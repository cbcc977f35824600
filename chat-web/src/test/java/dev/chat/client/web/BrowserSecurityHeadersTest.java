package dev.chat.client.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BrowserSecurityHeadersTest {

    @Test
    void thePageConnectsToItsOwnOriginAndToTheAttachmentStoreAlone() {
        assertThat(BrowserSecurityHeaders.policy("http://127.0.0.1:19000"))
                .contains("connect-src 'self' http://127.0.0.1:19000;")
                .contains("script-src 'self';")
                .contains("object-src 'none'");
    }

    @Test
    void theStoresOriginIsTheOneOfItsPresignedUrls() {
        assertThat(dev.chat.attachment.control.ObjectStore.clientOrigin("https://files.example.com/some/path", true, "b"))
                .isEqualTo("https://files.example.com");
        assertThat(dev.chat.attachment.control.ObjectStore.clientOrigin("https://s3.eu-west-1.amazonaws.com", false, "chat-files"))
                .isEqualTo("https://chat-files.s3.eu-west-1.amazonaws.com");
    }

    @Test
    void theApiAndTheWebSocketAreNotThePagesFiles() {
        assertThat(BrowserSecurityHeaders.isClientFile("/index.html")).isTrue();
        assertThat(BrowserSecurityHeaders.isClientFile("/api/v1/rooms")).isFalse();
        assertThat(BrowserSecurityHeaders.isClientFile("/ws/chat")).isFalse();
    }
}
