package dev.chat.platform.rest;

import dev.chat.api.error.ErrorCode;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Errors the JAX-RS runtime raises itself (no or bad token, unknown path, unreadable JSON body)
 * get the same body shape as ours instead of the container's HTML page.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        ErrorCode code = switch (status) {
            case 400 -> ErrorCode.MALFORMED_BODY;
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404, 405 -> ErrorCode.NOT_FOUND;
            case 409 -> ErrorCode.CONFLICT;
            case 413 -> ErrorCode.TOO_LARGE;
            case 415 -> ErrorCode.INVALID_FIELD;
            default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.INVALID_FIELD;
        };
        String message = status == 400 ? "request body is not valid JSON for this resource"
                : status == 401 ? "valid access token required" : e.getMessage();
        Response mapped = ErrorResponses.of(code, message);
        return status == code.httpStatus() ? mapped : Response.fromResponse(mapped).status(status).build();
    }
}
