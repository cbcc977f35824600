package dev.chat.platform.mail;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MailTemplatesTest {

    @Test
    void everyTemplateRendersWithItsValuesAndTheHtmlEscapesThem() {
        MailTemplates.Mail mail = MailTemplates.render("verify-email", Map.of("username", "<ivy>", "code", "123456", "minutes", "10"));

        assertThat(mail.subject()).isEqualTo("123456 is your code to confirm your email address");
        assertThat(mail.text()).startsWith("Hello <ivy>,").contains("    123456").contains("10 minutes").doesNotContain("${");
        assertThat(mail.html()).contains("Hello &lt;ivy&gt;,").contains("<strong>123456</strong>").doesNotContain("${");
        assertThat(MailTemplates.render("reset-password", Map.of("username", "ivy", "code", "654321", "minutes", "10")).subject())
                .startsWith("654321 ");
        assertThat(MailTemplates.render("password-changed", Map.of("username", "ivy", "how", "reset")).text()).contains("was reset");
    }

    @Test
    void aMissingValueOrTemplateIsAnError() {
        assertThatThrownBy(() -> MailTemplates.render("verify-email", Map.of("username", "ivy"))).hasMessageContaining("${");
        assertThatThrownBy(() -> MailTemplates.render("no-such-mail", Map.of())).hasMessageContaining("no mail template");
    }
}
