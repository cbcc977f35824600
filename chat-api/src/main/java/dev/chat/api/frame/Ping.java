package dev.chat.api.frame;

/** {@code PING}: application-level heartbeat; answered by {@link Pong}. */
public record Ping() implements ClientFrame {

    @Override
    public void validate() {
        // nothing to check
    }
}
