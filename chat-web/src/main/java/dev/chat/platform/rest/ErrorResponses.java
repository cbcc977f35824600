package dev.chat.platform.rest;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.rest.ApiError;
import dev.chat.api.rest.FieldError;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** Builds every error response of the REST API: the status of the code, an {@link ApiError} body. */
public final class ErrorResponses {
    private ErrorResponses() {
    }

    public static Response of(ErrorCode code, String message) {
        return of(code, message, null);
    }

    static Response of(ErrorCode code, String message, List<FieldError> fields) {
        return of(code, message, null, fields);
    }

    /** A refusal of the business, with {@code Retry-After} (whole seconds, rounded up) when waiting cures it. */
    static Response of(ChatException refused) {
        return of(refused.code(), refused.getMessage(), refused.retryAfterMs(), null);
    }

    private static Response of(ErrorCode code, String message, Long retryAfterMs, List<FieldError> fields) {
        Response.ResponseBuilder response = Response.status(code.httpStatus())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(code, message, retryAfterMs, fields));
        if (code == ErrorCode.UNAUTHORIZED) {
            response.header("WWW-Authenticate", "Bearer");
        }
        if (retryAfterMs != null) {
            response.header("Retry-After", Math.max(1, (retryAfterMs + 999) / 1000));
        }
        return response.build();
    }
}
