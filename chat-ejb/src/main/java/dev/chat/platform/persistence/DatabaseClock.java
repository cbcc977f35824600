package dev.chat.platform.persistence;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The current time at the precision PostgreSQL stores (microseconds), so that a timestamp a
 * client got in a response is the same it reads back later from the database.
 */
public final class DatabaseClock {
    private DatabaseClock() {
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
