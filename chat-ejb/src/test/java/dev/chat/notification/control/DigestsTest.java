package dev.chat.notification.control;

import dev.chat.api.rest.NotificationDigest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DigestsTest {

    @Test
    void oneMessageSaysWhoWroteWhatWhere() {
        NotificationDigest digest = Digests.of("u1", List.of(item("r1", "general", "group", "m1", false, "hello there")), true);

        assertThat(digest.title()).isEqualTo("Bob in #general");
        assertThat(digest.body()).isEqualTo("hello there");
        assertThat(digest.count()).isEqualTo(1);
        assertThat(digest.notifications()).singleElement().satisfies(item -> assertThat(item.preview()).isEqualTo("hello there"));
    }

    @Test
    void aMentionSaysSoAndADirectRoomNeedsNoName() {
        assertThat(Digests.of("u1", List.of(item("r1", "general", "channel", "m1", true, "hi @u1")), true).title())
                .isEqualTo("Bob mentioned you in #general");
        assertThat(Digests.of("u1", List.of(item("d1", null, "direct", "m1", false, "psst")), true).title()).isEqualTo("Bob");
    }

    @Test
    void severalMessagesCountAndShowTheLatest() {
        NotificationDigest oneRoom = Digests.of("u1", List.of(item("r1", "general", "group", "m1", false, "one"),
                item("r1", "general", "group", "m2", false, "two"), item("r1", "general", "group", "m3", false, "three")), true);
        NotificationDigest twoRooms = Digests.of("u1", List.of(item("r1", "general", "group", "m1", false, "one"),
                item("r2", "random", "group", "m2", false, "two")), true);

        assertThat(oneRoom.title()).isEqualTo("3 new messages in #general");
        assertThat(oneRoom.body()).isEqualTo("Bob: three");
        assertThat(twoRooms.title()).isEqualTo("2 new messages in 2 conversations");
    }

    @Test
    void withoutContentNothingOfTheTextLeaves() {
        NotificationDigest digest = Digests.of("u1", List.of(item("r1", "general", "group", "m1", false, "a secret")), false);

        assertThat(digest.body()).doesNotContain("secret");
        assertThat(digest.notifications().get(0).preview()).isNull();
    }

    @Test
    void previewsAreOneShortLine() {
        String longText = "line one\n\nline   two " + "x".repeat(300);

        String preview = Digests.preview(longText);

        assertThat(preview).startsWith("line one line two x").endsWith("…").hasSize(Digests.PREVIEW_LENGTH);
        assertThat(Digests.preview("")).isEqualTo("(a file)");
    }

    @Test
    void theSameMessagesMakeTheSameId() {
        var items = List.of(item("r1", "general", "group", "m1", false, "one"), item("r1", "general", "group", "m2", false, "two"));

        assertThat(Digests.of("u1", items, true).id()).isEqualTo(Digests.of("u1", items, true).id())
                .isNotEqualTo(Digests.of("u2", items, true).id()).hasSize(32);
    }

    private static NotificationDecisions.Item item(String roomId, String roomName, String roomType, String messageId, boolean mention,
                                                   String content) {
        return new NotificationDecisions.Item("u1", messageId, roomId, roomName, roomType, 1, mention, "s1", "Bob", content,
                Instant.parse("2026-11-30T12:00:00Z"));
    }
}
