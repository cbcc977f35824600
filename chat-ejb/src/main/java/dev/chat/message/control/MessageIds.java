package dev.chat.message.control;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Message ids are UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits, so ids sort
 * by the time the accepting node created them and index well. Order within a room is {@code seq},
 * not the id: clocks of different nodes differ.
 */
public final class MessageIds {
    private MessageIds() {
    }

    public static String next() {
        return next(System.currentTimeMillis()).toString();
    }

    static UUID next(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
