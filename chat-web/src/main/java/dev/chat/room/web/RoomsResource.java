package dev.chat.room.web;

import dev.chat.room.boundary.Rooms;
import dev.chat.api.rest.AddMemberRequest;
import dev.chat.api.rest.CreateRoomRequest;
import dev.chat.api.rest.MemberView;
import dev.chat.api.rest.RoomView;
import dev.chat.api.rest.UpdateRoomRequest;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;

/**
 * {@code /api/v1/rooms}: rooms of the caller, their members and roles. Every room-scoped call
 * requires membership (403 NOT_A_MEMBER otherwise); rules of roles are {@code RoomPolicy}'s.
 */
@Path("rooms")
@RequestScoped
@RolesAllowed("user")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class RoomsResource {

    @Inject
    JsonWebToken caller;

    @Inject
    Rooms rooms;

    @GET
    public List<RoomView> mine() {
        return rooms.roomsOf(caller.getSubject());
    }

    /** 201 with the new room; 200 with the existing one when a direct room for the pair exists. */
    @POST
    public Response create(@NotNull(message = "body is required") @Valid CreateRoomRequest request, @Context UriInfo uri) {
        Rooms.Created created = rooms.create(caller.getSubject(), request);
        if (!created.isNew()) {
            return Response.ok(created.room()).build();
        }
        return Response.created(uri.getAbsolutePathBuilder().path(created.room().id()).build()).entity(created.room()).build();
    }

    @GET
    @Path("{roomId}")
    public RoomView get(@PathParam("roomId") String roomId) {
        return rooms.get(caller.getSubject(), roomId);
    }

    @PATCH
    @Path("{roomId}")
    public RoomView rename(@PathParam("roomId") String roomId, @NotNull(message = "body is required") @Valid UpdateRoomRequest request) {
        return rooms.rename(caller.getSubject(), roomId, request.name());
    }

    @DELETE
    @Path("{roomId}")
    public void delete(@PathParam("roomId") String roomId) {
        rooms.delete(caller.getSubject(), roomId);
    }

    @GET
    @Path("{roomId}/members")
    public List<MemberView> members(@PathParam("roomId") String roomId) {
        return rooms.members(caller.getSubject(), roomId);
    }

    /** Adds a member, or changes the role of an existing one (e.g. to hand over ownership). */
    @POST
    @Path("{roomId}/members")
    public MemberView addMember(@PathParam("roomId") String roomId, @NotNull(message = "body is required") @Valid AddMemberRequest request) {
        return rooms.addOrChangeRole(caller.getSubject(), roomId, request);
    }

    /** Joins a channel (open to every user); 403 FORBIDDEN for groups and direct rooms. */
    @POST
    @Path("{roomId}/join")
    public RoomView join(@PathParam("roomId") String roomId) {
        return rooms.join(caller.getSubject(), roomId);
    }

    /** Removes a member; removing oneself is leaving. */
    @DELETE
    @Path("{roomId}/members/{userId}")
    public void removeMember(@PathParam("roomId") String roomId, @PathParam("userId") String userId) {
        rooms.remove(caller.getSubject(), roomId, userId);
    }
}
