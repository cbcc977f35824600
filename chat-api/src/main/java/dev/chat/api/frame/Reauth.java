package dev.chat.api.frame;

/**
 * {@code REAUTH}: hand the connection a fresh access token of the same user before the current
 * one expires (the server asks with {@code ERROR UNAUTHORIZED} when it has); no reconnect needed.
 */
public record Reauth(String token) implements ClientFrame {

    @Override
    public void validate() {
        FieldRules.requireText("token", token, 8192);
    }
}
