package dev.chat.auth.web;

import dev.chat.auth.boundary.Accounts;
import dev.chat.auth.boundary.PasswordResets;
import dev.chat.api.rest.LoginRequest;
import dev.chat.api.rest.LogoutRequest;
import dev.chat.api.rest.PasswordResetConfirmation;
import dev.chat.api.rest.PasswordResetRequest;
import dev.chat.api.rest.RefreshRequest;
import dev.chat.api.rest.RegisterRequest;
import dev.chat.api.rest.TokenResponse;
import dev.chat.api.rest.UserView;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;

/**
 * {@code /api/v1/auth}: register, log in, refresh, log out, reset a forgotten password. The only
 * resources callable without an access token (logging out needs only the refresh token, so that an
 * expired access token does not keep a login alive).
 */
@Path("auth")
@RequestScoped
@PermitAll
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    @Inject
    Accounts accounts;

    @Inject
    PasswordResets passwordResets;

    @Context
    HttpServletRequest http;

    @POST
    @Path("register")
    public Response register(@NotNull(message = "body is required") @Valid RegisterRequest request, @Context UriInfo uri) {
        UserView user = accounts.register(request);
        return Response.created(uri.getBaseUriBuilder().path("users").path(user.id()).build()).entity(user).build();
    }

    @POST
    @Path("login")
    public TokenResponse login(@NotNull(message = "body is required") @Valid LoginRequest request) {
        return accounts.login(request, http.getRemoteAddr());
    }

    /** 202 whatever the login: the answer tells nothing about accounts. */
    @POST
    @Path("password-reset")
    public Response requestPasswordReset(@NotNull(message = "body is required") @Valid PasswordResetRequest request) {
        passwordResets.request(request.login());
        return Response.accepted().build();
    }

    @POST
    @Path("password-reset/confirm")
    public void confirmPasswordReset(@NotNull(message = "body is required") @Valid PasswordResetConfirmation confirmation) {
        passwordResets.confirm(confirmation, http.getRemoteAddr());
    }

    @POST
    @Path("refresh")
    public TokenResponse refresh(@NotNull(message = "body is required") @Valid RefreshRequest request) {
        return accounts.refresh(request.refreshToken());
    }

    /** 204 whether or not the token was known: the answer tells nothing about tokens. */
    @POST
    @Path("logout")
    public void logout(@NotNull(message = "body is required") @Valid LogoutRequest request) {
        accounts.logout(request.refreshToken());
    }
}
