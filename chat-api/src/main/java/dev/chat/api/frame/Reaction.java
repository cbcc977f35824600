package dev.chat.api.frame;

/**
 * {@code REACTION}: {@code userId} added ({@code added = true}) or removed their {@code emoji} on a
 * message; {@code count} is how many users now have that reaction on it, so a client can set it
 * rather than add or subtract (a repeated frame changes nothing).
 */
public record Reaction(String roomId, String messageId, long seq, String userId, String emoji, boolean added,
                       long count) implements ServerFrame {
}
