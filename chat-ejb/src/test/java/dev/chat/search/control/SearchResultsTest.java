package dev.chat.search.control;

import dev.chat.api.error.ChatException;
import dev.chat.api.rest.MessageHit.SnippetPart;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchResultsTest {

    @Test
    void aMarkedSnippetBecomesPartsWithTheHitsFlagged() {
        String marked = "We are " + Snippets.START + "running" + Snippets.STOP + " late, " + Snippets.START + "run" + Snippets.STOP;

        assertThat(Snippets.parts(marked)).containsExactly(new SnippetPart("We are ", false), new SnippetPart("running", true),
                new SnippetPart(" late, ", false), new SnippetPart("run", true));
        assertThat(Snippets.parts("<b>no hit</b>")).containsExactly(new SnippetPart("<b>no hit</b>", false));
        assertThat(Snippets.parts(null)).isEmpty();
    }

    @Test
    void cursorsRoundTripAndBelongToTheirSort() {
        SearchCursor relevance = new SearchCursor(0.1f, "019a-1", "019a-9");
        SearchCursor newest = new SearchCursor(null, "019a-2", null);

        assertThat(SearchCursor.decode(relevance.encode(), true)).isEqualTo(relevance);
        assertThat(SearchCursor.decode(newest.encode(), false)).isEqualTo(newest);
        assertThatThrownBy(() -> SearchCursor.decode(relevance.encode(), false)).isInstanceOf(ChatException.class);
        assertThatThrownBy(() -> SearchCursor.decode("garbage", true)).isInstanceOf(ChatException.class);
        assertThatThrownBy(() -> SearchCursor.decode("", false)).isInstanceOf(ChatException.class);
    }
}
