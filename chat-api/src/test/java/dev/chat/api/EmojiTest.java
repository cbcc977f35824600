package dev.chat.api;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class EmojiTest {

    @ParameterizedTest
    @ValueSource(strings = {"👍", "👍🏽", "❤️", "🎉", "👨‍👩‍👧‍👦", "🇩🇪", "1️⃣", "#️⃣", "⭐", "☕", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "🫠"})
    void emojiAsKeyboardsProduceThemAreAccepted(String emoji) {
        assertThat(Emoji.isValid(emoji)).as(emoji).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a", "lol", "1", "👍 ", "👍x", "\u200D", "\uFE0F", "<script>", "👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍"})
    void anythingElseIsRefused(String notAnEmoji) {
        assertThat(Emoji.isValid(notAnEmoji)).as(notAnEmoji).isFalse();
    }
}
