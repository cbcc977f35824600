package dev.chat.message.control;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class MessageIdsTest {

    @Test
    void idsAreVersion7WithTheirMillisecondsUpFront() {
        long millis = 1_795_571_243_447L;

        UUID id = MessageIds.next(millis);

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(millis);
    }

    @Test
    void idsOfLaterMillisecondsSortLaterAndNeverRepeat() {
        assertThat(MessageIds.next(1000L).toString()).isLessThan(MessageIds.next(1001L).toString());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertThat(seen.add(MessageIds.next())).isTrue();
        }
    }
}
