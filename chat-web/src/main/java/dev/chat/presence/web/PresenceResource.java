package dev.chat.presence.web;

import dev.chat.presence.boundary.PresenceTracker;
import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.rest.PresenceBatchRequest;
import dev.chat.api.rest.PresenceView;
import dev.chat.api.rest.SetPresenceRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;

/**
 * {@code /api/v1/presence}: the presence of users who share a room with the caller (nobody else's
 * is anyone's business), one or many at a time, and the caller's own ONLINE/AWAY switch.
 */
@Path("presence")
@RequestScoped
@RolesAllowed("user")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class PresenceResource {

    @Inject
    JsonWebToken caller;

    @Inject
    PresenceTracker presence;

    /** 200 presence; 404 for a user who shares no room with the caller (or does not exist: the same answer). */
    @GET
    @Path("{userId}")
    public PresenceView one(@PathParam("userId") String userId) {
        return presence.presenceOf(caller.getSubject(), List.of(userId)).stream().findFirst()
                .orElseThrow(() -> new ChatException(ErrorCode.NOT_FOUND, "no user " + userId + " in your rooms"));
    }

    /** 200 the presence of those asked for who share a room with the caller, in the order asked. */
    @POST
    @Path("batch")
    public List<PresenceView> batch(@NotNull(message = "body is required") @Valid PresenceBatchRequest request) {
        return presence.presenceOf(caller.getSubject(), request.userIds());
    }

    /** 204; ONLINE or AWAY, announced to the caller's rooms; 409 while the caller has no open connection. */
    @PUT
    @Path("me")
    public void set(@NotNull(message = "body is required") @Valid SetPresenceRequest request) {
        presence.setStatus(caller.getSubject(), request.status());
    }
}
