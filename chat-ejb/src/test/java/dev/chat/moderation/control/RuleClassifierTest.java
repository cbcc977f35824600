package dev.chat.moderation.control;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RuleClassifierTest {
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    private static Classifier.Candidate message(String text) {
        return message("u1", text, T0, false);
    }

    private static Classifier.Candidate message(String sender, String text, Instant at, boolean edit) {
        return new Classifier.Candidate("m-" + at.toEpochMilli() + text.hashCode(), "r1", sender, text, at, edit);
    }

    private static RuleClassifier rules(List<String> words, List<String> hosts, int maxLinks, int flood) {
        return new RuleClassifier(new RuleClassifier.Rules(words, hosts, maxLinks, flood, 10_000, 100));
    }

    @Test
    void deniedWordsMatchWholeWordsWhateverTheirCaseOrWidth() {
        var classifier = rules(List.of("spam", " Scam "), List.of(), 0, 0);

        assertThat(classifier.classify(message("buy SPAM now"))).get()
                .satisfies(verdict -> {
                    assertThat(verdict.reason()).isEqualTo("denied word \"spam\"");
                    assertThat(verdict.score()).isEqualTo(1.0);
                    assertThat(verdict.classifier()).isEqualTo("rules");
                });
        assertThat(classifier.classify(message("ｓｃａｍ!"))).isPresent(); // full-width letters fold to "scam"
        assertThat(classifier.classify(message("a spammer, scampi and spam_bot"))).isEmpty();
        assertThat(classifier.classify(message("nothing to see"))).isEmpty();
    }

    @Test
    void linksToDeniedHostsAndTheirSubdomainsAndTooManyLinksAreFlagged() {
        var classifier = rules(List.of(), List.of("evil.example"), 2, 0);

        assertThat(classifier.classify(message("see https://evil.example/x"))).get()
                .extracting(Classifier.Verdict::reason).isEqualTo("link to denied host evil.example");
        assertThat(classifier.classify(message("see http://www.EVIL.example:8080/x"))).isPresent();
        assertThat(classifier.classify(message("see https://notevil.example/x and www.good.example"))).isEmpty();
        assertThat(classifier.classify(message("https://a.example https://b.example https://c.example"))).get()
                .extracting(Classifier.Verdict::reason).isEqualTo("3 links, more than 2");
    }

    @Test
    void floodFlagsTheMessagesOverTheLimitWithinTheWindowPerSenderAndRoom() {
        var classifier = rules(List.of(), List.of(), 0, 3);

        for (int i = 0; i < 3; i++) {
            assertThat(classifier.classify(message("u1", "hi " + i, T0.plusMillis(i * 100L), false))).as("message %d", i).isEmpty();
        }
        assertThat(classifier.classify(message("u1", "hi 3", T0.plusMillis(300), false))).get()
                .extracting(Classifier.Verdict::reason).isEqualTo("flood: more than 3 messages in 10000 ms");
        assertThat(classifier.classify(message("u2", "other sender", T0.plusMillis(300), false))).isEmpty();
        assertThat(classifier.classify(message("u1", "an edit is no new message", T0.plusMillis(350), true))).isEmpty();
        // the window moved on: the first messages no longer count
        assertThat(classifier.classify(message("u1", "later", T0.plusMillis(10_250), false))).isEmpty();
    }

    @Test
    void aMessageDeliveredAgainIsNotCountedTwiceAndOneFlaggedForAWordStillCounts() {
        var classifier = rules(List.of("spam"), List.of(), 0, 2);
        var first = message("u1", "spam", T0, false);

        assertThat(classifier.classify(first)).get().extracting(Classifier.Verdict::reason).isEqualTo("denied word \"spam\"");
        assertThat(classifier.classify(first)).as("the same message again (a rebalance)").get()
                .extracting(Classifier.Verdict::reason).isEqualTo("denied word \"spam\"");
        assertThat(classifier.classify(message("u1", "two", T0.plusMillis(10), false))).isEmpty();
        assertThat(classifier.classify(message("u1", "three", T0.plusMillis(20), false))).as("the word-flagged one counted")
                .get().extracting(Classifier.Verdict::reason).isEqualTo("flood: more than 2 messages in 10000 ms");
    }

    @Test
    void withNothingConfiguredEveryMessagePasses() {
        var classifier = rules(List.of("", " "), List.of(), 0, 0);

        assertThat(classifier.classify(message("spam https://evil.example " + "x".repeat(4000)))).isEmpty();
        assertThat(classifier.classify(new Classifier.Candidate("m", "r", "u", null, T0, false))).isEmpty();
    }
}
