package dev.chat.api.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.DateTimeException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fast instant reader agrees with {@link Instant#parse} on everything it is given. */
class IsoInstantsTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-25T10:13:21.887356Z", "2026-11-25T10:13:21Z", "2026-11-25T10:13:21.8Z",
            "2026-11-25T10:13:21.123456789Z", "1970-01-01T00:00:00Z", "2024-02-29T23:59:59.999Z", "1969-12-31T23:59:59.5Z",
            "2026-11-25T10:13:21+01:00", "2026-11-25T23:59:60Z", "+12026-11-25T10:13:21Z"})
    void readsWhatInstantParseReads(String text) {
        assertThat(IsoInstants.parse(text)).isEqualTo(Instant.parse(text));
    }

    @Test
    void agreesWithInstantToStringAcrossTheYears() {
        for (long second = -2_000_000_000L; second < 4_000_000_000L; second += 7_777_777L) {
            Instant instant = Instant.ofEpochSecond(second, second % 1_000_000 * 1000);
            assertThat(IsoInstants.parse(instant.toString())).isEqualTo(instant);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30T10:13:21Z", "2026-13-01T10:13:21Z",
            "2026-11-25T10:13:21.1234567891Z", "2026-1x-25T10:13:21Z", "yesterday"})
    void refusesWhatInstantParseRefuses(String text) {
        assertThatThrownBy(() -> IsoInstants.parse(text)).isInstanceOf(DateTimeException.class);
    }
}
