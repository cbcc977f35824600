package dev.chat.message.web;

import dev.chat.message.boundary.MessageChanges;
import dev.chat.message.boundary.Messages;
import dev.chat.api.rest.EditMessageRequest;
import dev.chat.api.rest.MessageView;
import dev.chat.api.rest.ReactionRequest;
import dev.chat.api.rest.ReactionView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;

/**
 * {@code /api/v1/rooms/{roomId}/messages?before=&after=&limit=}: history by {@code seq} cursor.
 * Without cursor or with {@code before}: newest first; with {@code after}: oldest first.
 * {@code limit} defaults to 50 and is capped at {@code chat.history.max-page} (100).
 * Below it, one message: read it, edit it (author), delete it (author, room owner or admin),
 * toggle a reaction on it. Changes reach the room's sessions as frames, as if made over WebSocket.
 */
@Path("rooms/{roomId}/messages")
@RequestScoped
@RolesAllowed("user")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class MessagesResource {

    @Inject
    JsonWebToken caller;

    @Inject
    Messages messages;

    @Inject
    MessageChanges changes;

    @GET
    public List<MessageView> page(@PathParam("roomId") String roomId, @QueryParam("before") Long before,
                                  @QueryParam("after") Long after, @QueryParam("limit") Integer limit) {
        return messages.page(caller.getSubject(), roomId, before, after, limit);
    }

    @GET
    @Path("{messageId}")
    public MessageView one(@PathParam("roomId") String roomId, @PathParam("messageId") String messageId) {
        return messages.one(caller.getSubject(), roomId, messageId);
    }

    @PATCH
    @Path("{messageId}")
    public MessageView edit(@PathParam("roomId") String roomId, @PathParam("messageId") String messageId,
                            @NotNull(message = "body is required") @Valid EditMessageRequest request) {
        return changes.edit(caller.getSubject(), roomId, messageId, request.content());
    }

    /** 204; the message stays in history as a tombstone. */
    @DELETE
    @Path("{messageId}")
    public void delete(@PathParam("roomId") String roomId, @PathParam("messageId") String messageId) {
        changes.delete(caller.getSubject(), roomId, messageId);
    }

    /** Toggles the caller's reaction: 200 with whether they now have it and the new count. */
    @POST
    @Path("{messageId}/reactions")
    public ReactionView react(@PathParam("roomId") String roomId, @PathParam("messageId") String messageId,
                              @NotNull(message = "body is required") @Valid ReactionRequest request) {
        return changes.react(caller.getSubject(), roomId, messageId, request.emoji());
    }
}
