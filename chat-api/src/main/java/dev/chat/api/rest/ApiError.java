package dev.chat.api.rest;

import dev.chat.api.error.ErrorCode;

import java.util.List;

/**
 * The body of every REST error response (and of a refused WebSocket handshake);
 * {@code fields} lists the refused fields of a 400.
 */
public record ApiError(ErrorCode code, String message, Long retryAfterMs, List<FieldError> fields) {

    public static ApiError of(ErrorCode code, String message) {
        return new ApiError(code, message, null, null);
    }
}
