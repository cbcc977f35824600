package dev.chat.platform.cache;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class AnnouncedCacheTest {
    private final AtomicInteger loads = new AtomicInteger();

    private String load(String key) {
        return key + "#" + loads.incrementAndGet();
    }

    @Test
    void aValueIsLoadedOnceUntilItsKeyIsInvalidated() {
        var cache = new AnnouncedCache<String, String>(60_000, 10);

        assertThat(cache.get("a", this::load)).isEqualTo("a#1");
        assertThat(cache.get("a", this::load)).isEqualTo("a#1");
        cache.invalidate("a");

        assertThat(cache.get("a", this::load)).isEqualTo("a#2");
    }

    @Test
    void aLoadDuringWhichAnInvalidationHappenedIsNotKept() {
        var cache = new AnnouncedCache<String, String>(60_000, 10);

        // the change is announced while the old value is being read: that value must not stay
        assertThat(cache.get("a", key -> {
            cache.invalidate("a");
            return "stale";
        })).isEqualTo("stale");

        assertThat(cache.get("a", this::load)).isEqualTo("a#1");
    }

    @Test
    void anExpiredValueIsLoadedAgainAndAFullCacheStartsOver() {
        var expiring = new AnnouncedCache<String, String>(0, 10);
        expiring.get("a", this::load);
        assertThat(expiring.get("a", this::load)).isEqualTo("a#2");

        var small = new AnnouncedCache<String, String>(60_000, 2);
        small.get("a", this::load);
        small.get("b", this::load);
        small.get("c", this::load); // full: emptied, then c kept
        assertThat(small.get("c", this::load)).isEqualTo("c#5");
        assertThat(small.get("a", this::load)).isEqualTo("a#6");
    }
}
