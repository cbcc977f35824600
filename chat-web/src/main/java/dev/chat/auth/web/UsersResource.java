package dev.chat.auth.web;

import dev.chat.auth.boundary.Accounts;
import dev.chat.api.rest.UpdateUserRequest;
import dev.chat.api.rest.UserView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * {@code /api/v1/users}: the caller's own profile ({@code me}) and other users by id or username
 * (what a client needs to start a direct room, add a member, or name a sender).
 */
@Path("users")
@RequestScoped
@RolesAllowed("user")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class UsersResource {

    @Inject
    JsonWebToken caller;

    @Inject
    Accounts accounts;

    @GET
    @Path("me")
    public UserView me() {
        return accounts.me(caller.getSubject());
    }

    @PATCH
    @Path("me")
    public UserView update(@NotNull(message = "body is required") @Valid UpdateUserRequest request) {
        return accounts.update(caller.getSubject(), request);
    }

    /** Deletes the account: its tokens stop working at once, its username stays reserved. */
    @DELETE
    @Path("me")
    public void delete() {
        accounts.delete(caller.getSubject());
    }

    @GET
    @Path("by-username/{username}")
    public UserView byUsername(@PathParam("username") String username) {
        return accounts.findByUsername(username);
    }

    @GET
    @Path("{userId}")
    public UserView byId(@PathParam("userId") String userId) {
        return accounts.find(userId);
    }
}
