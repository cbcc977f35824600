package dev.chat.message.control;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MentionsTest {

    @Test
    void findsNamesAfterAnAtSignInLowerCase() {
        assertThat(Mentions.usernamesIn("@Alice and @bob_2, see this")).containsExactly("alice", "bob_2");
    }

    @Test
    void triesAFullStopAfterANameWithAndWithout() {
        assertThat(Mentions.usernamesIn("thanks @carol.")).containsExactly("carol.", "carol");
        assertThat(Mentions.usernamesIn("ask @d.e.f")).containsExactly("d.e.f");
    }

    @Test
    void anAddressOrAWordGluedToTheSignNamesNobody() {
        assertThat(Mentions.usernamesIn("write to bob@example.com or x@yz1")).isEmpty();
        assertThat(Mentions.usernamesIn("no at sign here")).isEmpty();
        assertThat(Mentions.usernamesIn(null)).isEmpty();
    }

    @Test
    void namesShorterThanAUsernameAreNotMentions() {
        assertThat(Mentions.usernamesIn("@ab @ @abc")).containsExactly("abc");
    }

    @Test
    void countsAtMostFiftyNamesAndEachOnce() {
        String many = "@same @same " + String.join(" ", java.util.stream.IntStream.range(0, 80).mapToObj(i -> "@user" + i).toList());
        assertThat(Mentions.usernamesIn(many)).hasSize(Mentions.MAX_PER_MESSAGE).startsWith("same", "user0");
    }
}
