package dev.chat.notification.web;

import dev.chat.api.rest.NotificationSettingsView;
import dev.chat.api.rest.UpdateNotificationSettingsRequest;
import dev.chat.notification.boundary.NotificationSettings;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** {@code /api/v1/rooms/{roomId}/notifications}: the caller's notification settings for a room (docs/rest-api.md, "Notifications"). */
@Path("rooms/{roomId}/notifications")
@RequestScoped
@RolesAllowed("user")
@Produces(MediaType.APPLICATION_JSON)
public class RoomNotificationsResource {

    @Inject
    JsonWebToken caller;

    @Inject
    NotificationSettings settings;

    @GET
    public NotificationSettingsView get(@PathParam("roomId") String roomId) {
        return settings.of(caller.getSubject(), roomId);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public NotificationSettingsView replace(@PathParam("roomId") String roomId,
                                            @NotNull(message = "a body is required") @Valid UpdateNotificationSettingsRequest request) {
        return settings.replace(caller.getSubject(), roomId, request);
    }
}
