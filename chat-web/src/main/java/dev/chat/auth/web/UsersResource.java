package dev.chat.auth.web;

import dev.chat.auth.boundary.Accounts;
import dev.chat.api.rest.AccountView;
import dev.chat.api.rest.ChangeEmailRequest;
import dev.chat.api.rest.ChangePasswordRequest;
import dev.chat.api.rest.TokenResponse;
import dev.chat.api.rest.UpdateUserRequest;
import dev.chat.api.rest.VerifyEmailRequest;
import dev.chat.api.rest.UserView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * {@code /api/v1/users}: the caller's own account ({@code me}: profile, email address, password)
 * and other users by id or username (what a client needs to start a direct room, add a member, or
 * name a sender).
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

    @Context
    HttpServletRequest http;

    @GET
    @Path("me")
    public AccountView me() {
        return accounts.me(caller.getSubject());
    }

    /** A new email address (or none: {@code email} null), confirmed by the current password; a code to verify it is mailed. */
    @PUT
    @Path("me/email")
    public AccountView changeEmail(@NotNull(message = "body is required") @Valid ChangeEmailRequest request) {
        return accounts.changeEmail(caller.getSubject(), request, http.getRemoteAddr());
    }

    /** Mails a new code to the account's unverified address. */
    @POST
    @Path("me/email/verification")
    public Response resendVerification() {
        accounts.resendVerification(caller.getSubject());
        return Response.accepted().build();
    }

    @POST
    @Path("me/email/verify")
    public AccountView verifyEmail(@NotNull(message = "body is required") @Valid VerifyEmailRequest request) {
        return accounts.verifyEmail(caller.getSubject(), request.code());
    }

    /** A new password, confirmed by the current one: every session ends; the answer is the caller's new login. */
    @PUT
    @Path("me/password")
    public TokenResponse changePassword(@NotNull(message = "body is required") @Valid ChangePasswordRequest request) {
        return accounts.changePassword(caller.getSubject(), request, http.getRemoteAddr());
    }

    @PATCH
    @Path("me")
    public UserView update(@NotNull(message = "body is required") @Valid UpdateUserRequest request) {
        return accounts.update(caller.getSubject(), request);
    }

    /** Deletes the account: its sessions end at once, and it is erased in the background (docs/privacy.md). */
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
