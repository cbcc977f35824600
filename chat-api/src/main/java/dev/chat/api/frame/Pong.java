package dev.chat.api.frame;

import java.time.Instant;

/**
 * {@code PONG}: answer to {@link Ping}, with the server's clock and how often this server wants a
 * {@code PING} ({@code heartbeatMs}, {@code chat.ws.heartbeat-ms}): a client sends its first
 * {@code PING} when it connects and the next ones that far apart.
 */
public record Pong(Instant ts, long heartbeatMs) implements ServerFrame {
}
