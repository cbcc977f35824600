package dev.chat.message.web;

import dev.chat.api.ChatLimits;
import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.frame.SendMessage;
import dev.chat.api.rest.EditMessageRequest;
import dev.chat.api.rest.MessageView;
import dev.chat.api.rest.ReactionRequest;
import dev.chat.api.rest.ReactionView;
import dev.chat.api.rest.SendMessageRequest;
import dev.chat.api.rest.SentMessageView;
import dev.chat.message.boundary.MessageChanges;
import dev.chat.message.boundary.MessagePublisher;
import dev.chat.message.boundary.Messages;
import dev.chat.message.control.MessageIds;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import io.opentelemetry.api.trace.Span;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;

/**
 * {@code /api/v1/rooms/{roomId}/messages?before=&after=&limit=}: history by {@code seq} cursor.
 * Without cursor or with {@code before}: newest first; with {@code after}: oldest first.
 * {@code limit} defaults to 50 and is capped at {@code chat.history.max-page} (100).
 * Below it, one message: read it, edit it (author), delete it (author, room owner or admin),
 * toggle a reaction on it. Changes reach the room's sessions as frames, as if made over WebSocket.
 * {@code POST} sends a message, as {@code SEND_MESSAGE} does, for clients that write over HTTP.
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

    @Inject
    MessagePublisher publisher;

    @GET
    public List<MessageView> page(@PathParam("roomId") String roomId, @QueryParam("before") Long before,
                                  @QueryParam("after") Long after, @QueryParam("limit") Integer limit) {
        return messages.page(caller.getSubject(), roomId, before, after, limit);
    }

    /**
     * Sends a message with the rules of {@code SEND_MESSAGE} (membership, size, rate, admission).
     * {@code Idempotency-Key} is the sender's clientMsgId: a retry with the same key and body gets
     * the same answer and the message is stored once; the same key with another message is 422.
     * Answers once Kafka has the message (201, durable) or the node holds it during a Kafka outage
     * (202, not yet durable); the HTTP thread does not wait meanwhile.
     */
    @POST
    public void send(@PathParam("roomId") String roomId, @HeaderParam("Idempotency-Key") String idempotencyKey,
                     @NotNull(message = "body is required") @Valid SendMessageRequest request, @Suspended AsyncResponse response) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > ChatLimits.MAX_ID_LENGTH)) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "header 'Idempotency-Key' must be 1 to " + ChatLimits.MAX_ID_LENGTH + " characters");
        }
        String senderId = caller.getSubject();
        String key = idempotencyKey != null ? idempotencyKey : MessageIds.next();
        SendMessage send = new SendMessage(roomId, request.content(), key, request.replyTo(), request.attachments());
        send.validate();
        publisher.requireSendable(senderId, send);
        // Span.current(): the request's span, which MicroProfile Telemetry makes for every JAX-RS call
        var publication = publisher.publish(senderId, send, MessagePublisher.Publication.none(), Span.current());
        publication.held().thenAccept(held -> response.resume(Response.status(Response.Status.ACCEPTED)
                .entity(new SentMessageView(held.messageId(), roomId, key, false)).build()));
        publication.durable().whenComplete((sent, failure) -> {
            if (failure == null) {
                response.resume(Response.status(Response.Status.CREATED).entity(new SentMessageView(sent.messageId(), roomId, key, true)).build());
            } else {
                response.resume(publisher.refusalOf(failure, senderId, key)); // as an exception: mapped to its status
            }
        });
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
