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
        assertThat(BrowserSecurityHeaders.policy("https://files.example.com/some/path"))
                .contains("connect-src 'self' https://files.example.com;");
    }

    @Test
    void theApiAndTheWebSocketAreNotThePagesFiles() {
        assertThat(BrowserSecurityHeaders.isClientFile("/index.html")).isTrue();
        assertThat(BrowserSecurityHeaders.isClientFile("/api/v1/rooms")).isFalse();
        assertThat(BrowserSecurityHeaders.isClientFile("/ws/chat")).isFalse();
    }
}
