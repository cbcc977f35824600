package dev.chat.moderation.web;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.rest.FlagView;
import dev.chat.moderation.boundary.Moderation;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code /api/v1/moderation/flags}: flagged messages for their reviewers (a room's owners and
 * admins, and the global moderators), and the two ends of a review: restore (the room sees the
 * message again) or delete (docs/rest-api.md, "Moderation").
 */
@Path("moderation/flags")
@RequestScoped
@RolesAllowed("user")
@Produces(MediaType.APPLICATION_JSON)
public class ModerationResource {

    @Inject
    JsonWebToken caller;

    @Inject
    Moderation moderation;

    /** {@code ?roomId=&status=open|restored|deleted|all&before=<flaggedAt>&limit=}: newest first. */
    @GET
    public List<FlagView> list(@QueryParam("roomId") String roomId, @QueryParam("status") String status,
                               @QueryParam("before") String before, @QueryParam("limit") Integer limit) {
        return moderation.list(caller.getSubject(), roomId, status, instant(before), limit);
    }

    /** 200 with the closed flag; 409 when it was reviewed already. */
    @POST
    @Path("{messageId}/restore")
    public FlagView restore(@PathParam("messageId") String messageId) {
        return moderation.restore(caller.getSubject(), messageId);
    }

    /** 200 with the closed flag; the room gets {@code MESSAGE_DELETED}. */
    @POST
    @Path("{messageId}/delete")
    public FlagView delete(@PathParam("messageId") String messageId) {
        return moderation.delete(caller.getSubject(), messageId);
    }

    private static Instant instant(String text) {
        try {
            return text == null || text.isBlank() ? null : Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "before must be an ISO-8601 instant (a flag's flaggedAt)");
        }
    }
}
