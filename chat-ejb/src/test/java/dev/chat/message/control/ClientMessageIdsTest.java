package dev.chat.message.control;

import dev.chat.api.frame.SendMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientMessageIdsTest {
    private static final SendMessage HELLO = new SendMessage("room-1", "hello", "key-1", null);

    @Test
    void theSameMessageHasTheSameFingerprintAnotherRoomContentOrReplyDoesNot() {
        String hello = ClientMessageIds.fingerprint(HELLO);

        assertThat(ClientMessageIds.fingerprint(new SendMessage("room-1", "hello", "key-2", null))).as("the key is not the message").isEqualTo(hello);
        assertThat(ClientMessageIds.fingerprint(new SendMessage("room-2", "hello", "key-1", null))).isNotEqualTo(hello);
        assertThat(ClientMessageIds.fingerprint(new SendMessage("room-1", "hello!", "key-1", null))).isNotEqualTo(hello);
        assertThat(ClientMessageIds.fingerprint(new SendMessage("room-1", "hello", "key-1", "m-9"))).isNotEqualTo(hello);
        assertThat(hello).hasSize(32);
    }

    @Test
    void filesArePartOfTheMessageAndTextAloneKeepsTheFingerprintItHadBeforeFilesExisted() {
        String hello = ClientMessageIds.fingerprint(HELLO);
        var withFiles = new SendMessage("room-1", "hello", "key-1", null, java.util.List.of("a-2", "a-1"));

        assertThat(ClientMessageIds.fingerprint(withFiles)).isNotEqualTo(hello);
        assertThat(ClientMessageIds.fingerprint(new SendMessage("room-1", "hello", "key-1", null, java.util.List.of("a-1", "a-2"))))
                .as("the same files").isEqualTo(ClientMessageIds.fingerprint(withFiles));
        assertThat(ClientMessageIds.fingerprint(new SendMessage("room-1", "hello", "key-1", null, java.util.List.of())))
                .isEqualTo(hello);
        assertThat(hello).as("a key reserved before this release still matches its resend").isEqualTo("b4ce3661aaba74a6484bb4af5c9503e7"); // SHA-256 of "room-1\0hello\0", as computed before files existed
    }
}
