package dev.chat.auth.control;

import dev.chat.api.error.ChatException;
import dev.chat.auth.entity.ChatPrincipal;
import dev.chat.auth.entity.UserAccount;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccountRulesTest {

    @Test
    void addressesAreKeptTrimmedInLowerCaseAndMustLookLikeAddresses() {
        assertThat(EmailAddresses.normalise("  Ivy.Smith+chat@Example.ORG ")).isEqualTo("ivy.smith+chat@example.org");
        assertThat(EmailAddresses.normalise(" ")).isNull();
        assertThat(EmailAddresses.normalise(null)).isNull();
        for (String notAnAddress : new String[]{"ivy", "ivy@", "@example.org", "ivy@example", "i vy@example.org", "a@b@example.org",
                "ivy@example..org", "x".repeat(65) + "@example.org", "a<victim@example.org>", "\"a b\"@example.org"}) {
            assertThatThrownBy(() -> EmailAddresses.normalise(notAnAddress)).as(notAnAddress).isInstanceOf(ChatException.class);
        }
        assertThat(EmailAddresses.isAddress("ivy@example.org")).isTrue();
        assertThat(EmailAddresses.isAddress("ivy")).isFalse();
    }

    @Test
    void wrongPasswordsCostNothingAtFirstThenDoublingWaitsUpToTheCap() {
        assertThat(LoginThrottle.waitMs(5, 5, 300)).isZero();
        assertThat(LoginThrottle.waitMs(6, 5, 300)).isEqualTo(1_000);
        assertThat(LoginThrottle.waitMs(7, 5, 300)).isEqualTo(2_000);
        assertThat(LoginThrottle.waitMs(10, 5, 300)).isEqualTo(16_000);
        assertThat(LoginThrottle.waitMs(40, 5, 300)).isEqualTo(300_000);
        assertThat(LoginThrottle.waitMs(1_000_000, 5, 300)).isEqualTo(300_000);
    }

    @Test
    void tokensOfAnEndedSessionGenerationAreRefused() {
        var user = new UserAccount("u1", "ivy", null, "hash", Instant.parse("2026-11-30T10:00:00Z"));
        assertThat(user.honours(0)).isTrue();

        user.revokeSessions(Instant.parse("2026-11-30T11:00:05.400Z"));
        // the tokens of before, whenever in that second they were issued, no longer count; those issued after do
        assertThat(user.honours(0)).isFalse();
        assertThat(user.honours(user.sessionGeneration())).isTrue();
        var principal = new ChatPrincipal("u1", "ivy", 0, Instant.parse("2026-11-30T11:15:00Z"));
        assertThat(principal.endedBy(user.sessionGeneration())).isTrue();
        assertThat(new ChatPrincipal("u1", "ivy", 1, Instant.parse("2026-11-30T11:15:00Z")).endedBy(user.sessionGeneration())).isFalse();

        user.delete(Instant.parse("2026-11-30T12:00:00Z"));
        assertThat(user.honours(user.sessionGeneration())).isFalse();
        assertThat(user.email()).isNull();
    }
}
