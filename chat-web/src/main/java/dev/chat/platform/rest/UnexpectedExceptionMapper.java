package dev.chat.platform.rest;

import dev.chat.api.error.ErrorCode;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A failure nobody foresaw (a bug, an EJB's system exception) is logged at SEVERE with an incident
 * id, and the caller gets {@code INTERNAL} in our body shape naming that id, instead of the
 * container's HTML page with the exception's text. The more specific mappers (refusals, invalid
 * bodies, JAX-RS's own errors) still answer what they know.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

    @Override
    public Response toResponse(Throwable failure) {
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Unexpected failure of a REST request, incident " + incident, failure);
        return ErrorResponses.of(ErrorCode.INTERNAL, "an unexpected error on our side (incident " + incident + "); try again, "
                + "and report the incident if it persists");
    }
}
