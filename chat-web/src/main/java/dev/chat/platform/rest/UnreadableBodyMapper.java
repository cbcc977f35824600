package dev.chat.platform.rest;

import dev.chat.api.error.ErrorCode;
import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A request body JSON-B cannot read reaches us as a ProcessingException: that is the client's
 * mistake (400), not ours; any other ProcessingException is logged and answered with 500.
 */
@Provider
public class UnreadableBodyMapper implements ExceptionMapper<ProcessingException> {
    private static final Logger LOG = Logger.getLogger(UnreadableBodyMapper.class.getName());

    @Override
    public Response toResponse(ProcessingException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonbException || cause instanceof JsonException) {
                return ErrorResponses.of(ErrorCode.MALFORMED_BODY, "request body is not valid JSON for this resource");
            }
        }
        LOG.log(Level.SEVERE, "Request processing failed", e);
        return ErrorResponses.of(ErrorCode.INTERNAL, "internal error");
    }
}
