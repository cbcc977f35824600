package dev.chat.notification.control;

import dev.chat.notification.control.Recipients.Candidate;
import dev.chat.notification.control.Recipients.Decision;
import dev.chat.notification.control.Recipients.Member;
import dev.chat.notification.entity.NotificationLevel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RecipientsTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    @Test
    void theSenderIsNeverACandidate() {
        assertThat(Recipients.candidates("alice", Set.of(), List.of("alice"), List.of(member("alice", NotificationLevel.ALL)), NOW)).isEmpty();
    }

    @Test
    void eachLevelLetsThroughWhatItSays() {
        List<Member> members = List.of(member("all", NotificationLevel.ALL), member("mentions", NotificationLevel.MENTIONS),
                member("none", NotificationLevel.NONE), member("mentioned", NotificationLevel.MENTIONS),
                member("none-mentioned", NotificationLevel.NONE));

        assertThat(Recipients.candidates("sender", Set.of(), Set.of("mentioned", "none-mentioned"), members, NOW))
                .containsExactly(new Candidate("all", false), new Candidate("mentioned", true));
    }

    @Test
    void aMemberWhoBlockedTheSenderIsNeverACandidateEvenWhenMentioned() {
        List<Member> members = List.of(member("blocker", NotificationLevel.ALL), member("other", NotificationLevel.ALL));

        assertThat(Recipients.candidates("sender", Set.of("blocker"), Set.of("blocker"), members, NOW))
                .containsExactly(new Candidate("other", false));
    }

    @Test
    void aMuteSilencesEvenAMentionUntilItEnds() {
        Member muted = new Member("bob", NotificationLevel.ALL, NOW.plusSeconds(60));
        Member mutedBefore = new Member("carol", NotificationLevel.ALL, NOW.minusSeconds(1));

        assertThat(Recipients.candidates("sender", Set.of(), Set.of("bob"), List.of(muted, mutedBefore), NOW))
                .containsExactly(new Candidate("carol", false));
    }

    @Test
    void offlineMembersNowConnectedOnesOnlyForAMentionAndLater() {
        List<Candidate> candidates = List.of(new Candidate("offline", false), new Candidate("online", false),
                new Candidate("online-mentioned", true), new Candidate("offline-mentioned", true));

        assertThat(Recipients.decide(candidates, Set.of("online", "online-mentioned"), NOW, Duration.ofSeconds(30)))
                .containsExactly(new Decision("offline", false, null),
                        new Decision("online-mentioned", true, NOW.plusSeconds(30)),
                        new Decision("offline-mentioned", true, null));
    }

    @Test
    void roomsDefaultToAllButChannelsToMentions() {
        assertThat(NotificationLevel.defaultFor("direct")).isEqualTo(NotificationLevel.ALL);
        assertThat(NotificationLevel.defaultFor("group")).isEqualTo(NotificationLevel.ALL);
        assertThat(NotificationLevel.defaultFor("channel")).isEqualTo(NotificationLevel.MENTIONS);
    }

    private static Member member(String userId, NotificationLevel level) {
        return new Member(userId, level, null);
    }
}
