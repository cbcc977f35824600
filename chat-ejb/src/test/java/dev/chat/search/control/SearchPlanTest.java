package dev.chat.search.control;

import dev.chat.search.control.SearchPlan.Access;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SearchPlanTest {

    @Test
    void theSecondStepWalksOnOnlyWhenTheFirstPromisesTheRestNearby() {
        // 499 of 500 in the newest 50,000: the last one is ~100 messages further
        assertThat(SearchPlan.afterWalk(499, 500, 50_000, 100_000)).isEqualTo(Access.WALK);
        // 250 of 500: another 50,000 messages
        assertThat(SearchPlan.afterWalk(250, 500, 50_000, 100_000)).isEqualTo(Access.WALK);
        // 18 of 500 (a phrase): 1.3 million messages more; none at all: nothing says where
        assertThat(SearchPlan.afterWalk(18, 500, 50_000, 100_000)).isEqualTo(Access.INDEX);
        assertThat(SearchPlan.afterWalk(0, 500, 50_000, 100_000)).isEqualTo(Access.INDEX);
    }

    @Test
    void relevancePagesRankTheWindowAndContinueAfterTheCursor() {
        List<SearchHit> window = List.of(new SearchHit("m5", 0.1f), new SearchHit("m4", 0.5f), new SearchHit("m3", 0.1f),
                new SearchHit("m2", 0.5f), new SearchHit("m1", 0.3f));

        SearchPlan.Page first = SearchPlan.page(window, null, true, 2);
        assertThat(first.hits()).extracting(SearchHit::messageId).containsExactly("m4", "m2");
        assertThat(first.next()).isEqualTo(new SearchCursor(0.5f, "m2", "m5"));

        SearchPlan.Page second = SearchPlan.page(window, first.next(), true, 2);
        assertThat(second.hits()).extracting(SearchHit::messageId).containsExactly("m1", "m5");
        SearchPlan.Page last = SearchPlan.page(window, second.next(), true, 2);
        assertThat(last.hits()).extracting(SearchHit::messageId).containsExactly("m3");
        assertThat(last.next()).isNull();
    }

    @Test
    void newestFirstPagesEndWhenNoHitIsLeftOver() {
        List<SearchHit> afterCursor = List.of(new SearchHit("m3", null), new SearchHit("m2", null), new SearchHit("m1", null));

        SearchPlan.Page page = SearchPlan.page(afterCursor, null, false, 2);
        assertThat(page.hits()).extracting(SearchHit::messageId).containsExactly("m3", "m2");
        assertThat(page.next()).isEqualTo(new SearchCursor(null, "m2", null));
        assertThat(SearchPlan.page(afterCursor.subList(0, 2), null, false, 2).next()).isNull();
    }
}
