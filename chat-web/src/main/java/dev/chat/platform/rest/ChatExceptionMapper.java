package dev.chat.platform.rest;

import dev.chat.api.error.ChatException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A refusal of the business ({@link ChatException}) becomes the status of its code. */
@Provider
public class ChatExceptionMapper implements ExceptionMapper<ChatException> {
    @Override
    public Response toResponse(ChatException refused) {
        return ErrorResponses.of(refused);
    }
}
