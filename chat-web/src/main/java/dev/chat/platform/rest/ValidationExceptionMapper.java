package dev.chat.platform.rest;

import dev.chat.api.error.ErrorCode;
import dev.chat.api.rest.FieldError;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.Comparator;
import java.util.List;

/** A request body that breaks its constraints: 400 with one entry per refused field. */
@Provider
public class ValidationExceptionMapper implements ExceptionMapper<ConstraintViolationException> {
    @Override
    public Response toResponse(ConstraintViolationException e) {
        List<FieldError> fields = e.getConstraintViolations().stream()
                .map(violation -> new FieldError(fieldOf(violation), violation.getMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .toList();
        String summary = fields.isEmpty() ? "invalid request"
                : fields.get(0).field() + " " + fields.get(0).message();
        return ErrorResponses.of(ErrorCode.INVALID_FIELD, summary, fields);
    }

    /** The last node of the path: the record component ("username"), not "register.request.username". */
    private static String fieldOf(ConstraintViolation<?> violation) {
        String field = "body";
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getName() != null) {
                field = node.getName();
            }
        }
        return field;
    }
}
