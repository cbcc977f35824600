package dev.chat.platform.persistence;

import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NativeQueriesTest {

    @Test
    void arrayLiteralQuotesEveryElementAndEscapesQuotesAndBackslashes() {
        assertThat(NativeQueries.arrayLiteral(List.of("r1", "a\"b", "c\\d", "x,y}", " ")))
                .isEqualTo("{\"r1\",\"a\\\"b\",\"c\\\\d\",\"x,y}\",\" \"}");
        assertThat(NativeQueries.arrayLiteral(List.of(1L, 42L))).isEqualTo("{\"1\",\"42\"}");
        assertThat(NativeQueries.arrayLiteral(List.of(OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 678_000_000, ZoneOffset.UTC))))
                .isEqualTo("{\"2026-01-02T03:04:05.678Z\"}");
        assertThat(NativeQueries.arrayLiteral(List.of())).isEqualTo("{}");
    }

    @Test
    void nullElementsAreSqlNulls() {
        assertThat(NativeQueries.arrayLiteral(Arrays.asList("a", null))).isEqualTo("{\"a\",NULL}");
        assertThat(NativeQueries.arrayLiteral(Arrays.asList("NULL"))).as("the word, quoted, is text").isEqualTo("{\"NULL\"}");
    }
}
