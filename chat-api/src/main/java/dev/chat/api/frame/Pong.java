package dev.chat.api.frame;

import java.time.Instant;

/** {@code PONG}: answer to {@link Ping}, with the server's clock. */
public record Pong(Instant ts) implements ServerFrame {
}
