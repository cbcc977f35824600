package dev.chat.message.boundary;

import dev.chat.api.rest.MessageView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
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
 */
@Path("rooms/{roomId}/messages")
@RequestScoped
@RolesAllowed("user")
@Produces(MediaType.APPLICATION_JSON)
public class MessagesResource {

    @Inject
    JsonWebToken caller;

    @EJB
    Messages messages;

    @GET
    public List<MessageView> page(@PathParam("roomId") String roomId, @QueryParam("before") Long before,
                                  @QueryParam("after") Long after, @QueryParam("limit") Integer limit) {
        return messages.page(caller.getSubject(), roomId, before, after, limit);
    }
}
