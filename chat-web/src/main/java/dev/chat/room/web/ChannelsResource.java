package dev.chat.room.web;

import dev.chat.api.rest.ChannelView;
import dev.chat.room.boundary.Rooms;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;

/** {@code /api/v1/channels}: the directory of channels, which every user may browse and join ({@code POST /rooms/{id}/join}). */
@Path("channels")
@RequestScoped
@RolesAllowed("user")
@Produces(MediaType.APPLICATION_JSON)
public class ChannelsResource {

    @Inject
    JsonWebToken caller;

    @Inject
    Rooms rooms;

    @GET
    public List<ChannelView> list(@QueryParam("q") String nameContains,
                                  @QueryParam("limit") @DefaultValue("50") @Min(value = 1, message = "must be at least 1")
                                  @Max(value = 200, message = "must be at most 200") int limit) {
        return rooms.channels(caller.getSubject(), nameContains, limit);
    }
}
