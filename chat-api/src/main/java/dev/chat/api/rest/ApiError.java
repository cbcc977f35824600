package dev.chat.api.rest;

import dev.chat.api.error.ErrorCode;

/** The body of every REST error response (and of a refused WebSocket handshake). */
public record ApiError(ErrorCode code, String message, Long retryAfterMs) {

    public static ApiError of(ErrorCode code, String message) {
        return new ApiError(code, message, null);
    }
}
