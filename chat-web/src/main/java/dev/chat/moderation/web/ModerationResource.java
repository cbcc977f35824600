package dev.chat.moderation.web;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.rest.BanRequest;
import dev.chat.api.rest.BanView;
import dev.chat.api.rest.FlagView;
import dev.chat.api.rest.SilenceRequest;
import dev.chat.api.rest.SilenceView;
import dev.chat.moderation.boundary.Moderation;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
 * {@code /api/v1/moderation}: flagged messages for their reviewers (a room's owners and admins,
 * and the global moderators), and the two ends of a review: restore (the room sees the message
 * again) or delete; and a room's bans and silences (docs/rest-api.md, "Moderation").
 */
@Path("moderation")
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
    @Path("flags")
    public List<FlagView> list(@QueryParam("roomId") String roomId, @QueryParam("status") String status,
                               @QueryParam("before") String before, @QueryParam("limit") Integer limit) {
        return moderation.list(caller.getSubject(), roomId, status, instant(before), limit);
    }

    /** 200 with the closed flag; 409 when it was reviewed already. */
    @POST
    @Path("flags/{messageId}/restore")
    public FlagView restore(@PathParam("messageId") String messageId) {
        return moderation.restore(caller.getSubject(), messageId);
    }

    /** 200 with the closed flag; the room gets {@code MESSAGE_DELETED}. */
    @POST
    @Path("flags/{messageId}/delete")
    public FlagView delete(@PathParam("messageId") String messageId) {
        return moderation.delete(caller.getSubject(), messageId);
    }

    /** The room's bans, newest first (its owners and admins, global moderators). */
    @GET
    @Path("rooms/{roomId}/bans")
    public List<BanView> bans(@PathParam("roomId") String roomId) {
        return moderation.bans(caller.getSubject(), roomId);
    }

    /** 200 with the ban; a member is removed from the room ({@code MEMBERSHIP REMOVED}). */
    @POST
    @Path("rooms/{roomId}/bans")
    @Consumes(MediaType.APPLICATION_JSON)
    public BanView ban(@PathParam("roomId") String roomId, @NotNull(message = "body is required") @Valid BanRequest request) {
        return moderation.ban(caller.getSubject(), roomId, request);
    }

    /** 204; 404 when the user was not banned. The user may join or be added again (nobody adds them back). */
    @DELETE
    @Path("rooms/{roomId}/bans/{userId}")
    public void unban(@PathParam("roomId") String roomId, @PathParam("userId") String userId) {
        moderation.unban(caller.getSubject(), roomId, userId);
    }

    /** 200 {@code {roomId, userId, until}}; the member's sessions get {@code MEMBERSHIP SILENCED} with {@code until}. */
    @POST
    @Path("rooms/{roomId}/silences")
    @Consumes(MediaType.APPLICATION_JSON)
    public SilenceView silence(@PathParam("roomId") String roomId, @NotNull(message = "body is required") @Valid SilenceRequest request) {
        return new SilenceView(roomId, request.userId(), moderation.silence(caller.getSubject(), roomId, request));
    }

    /** 204; 409 when the member is not silenced. */
    @DELETE
    @Path("rooms/{roomId}/silences/{userId}")
    public void unsilence(@PathParam("roomId") String roomId, @PathParam("userId") String userId) {
        moderation.unsilence(caller.getSubject(), roomId, userId);
    }

    private static Instant instant(String text) {
        try {
            return text == null || text.isBlank() ? null : Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "before must be an ISO-8601 instant (a flag's flaggedAt)");
        }
    }
}
