package dev.chat.message.boundary;

import dev.chat.api.event.MessageSentV1;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class MessagePersisterTest {
    private static final String UUID = "0b6f1c4e-8d2a-4f7e-9c3b-5a1d2e3f4a5b";

    private static MessageSentV1 sent(String messageId, String roomId, String senderId, String content) {
        return new MessageSentV1(messageId, roomId, senderId, "c-1", content, null, Instant.now(), null);
    }

    @Test
    void aMessageTheDatabaseTakesHasNoViolation() {
        assertThat(MessagePersister.violationOf(sent(UUID, "room-1", "user-1", "hi"))).isNull();
    }

    @Test
    void whatNoRetryCouldEverStoreIsAViolation() {
        assertThat(MessagePersister.violationOf(sent(UUID, null, "user-1", "hi"))).contains("roomId");
        assertThat(MessagePersister.violationOf(sent(UUID, "r".repeat(65), "user-1", "hi"))).contains("roomId");
        assertThat(MessagePersister.violationOf(sent(UUID + "-and-more", "room-1", "user-1", "hi"))).contains("messageId");
        assertThat(MessagePersister.violationOf(sent(UUID, "room-1", "", "hi"))).contains("senderId");
        assertThat(MessagePersister.violationOf(sent(UUID, "room-1", "user-1", null))).contains("content");
        assertThat(MessagePersister.violationOf(sent(UUID, "room-1", "user-1", "a\u0000b"))).contains("NUL");
    }
}
