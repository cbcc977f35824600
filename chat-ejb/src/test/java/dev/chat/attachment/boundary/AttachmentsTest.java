package dev.chat.attachment.boundary;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AttachmentsTest {

    @Test
    void fileNamesLoseFoldersAndControlCharacters() {
        assertThat(Attachments.fileName("C:\\Users\\alice\\holiday.jpg")).isEqualTo("holiday.jpg");
        assertThat(Attachments.fileName("../../etc/passwd")).isEqualTo("passwd");
        assertThat(Attachments.fileName("re\u0000port\n.pdf")).isEqualTo("report.pdf");
        assertThat(Attachments.fileName("  ")).isEqualTo("file");
        assertThat(Attachments.fileName("..")).isEqualTo("file");
        assertThat(Attachments.fileName(null)).isEqualTo("file");
        assertThat(Attachments.fileName("a".repeat(300))).hasSize(255);
        assertThat(Attachments.fileName("Grüße 世界.txt")).isEqualTo("Grüße 世界.txt");
    }
}
