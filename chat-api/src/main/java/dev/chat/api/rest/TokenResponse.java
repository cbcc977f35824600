package dev.chat.api.rest;

/** Answer of login and refresh. {@code expiresIn} is the access token's lifetime in seconds. */
public record TokenResponse(String accessToken, String refreshToken, long expiresIn, String userId) {
}
