package dev.chat.auth.web;

import dev.chat.auth.boundary.Accounts;
import dev.chat.api.rest.LoginRequest;
import dev.chat.api.rest.LogoutRequest;
import dev.chat.api.rest.RefreshRequest;
import dev.chat.api.rest.RegisterRequest;
import dev.chat.api.rest.TokenResponse;
import dev.chat.api.rest.UserView;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
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
 * {@code /api/v1/auth}: register, log in, refresh, log out. The only resources callable without an
 * access token (logging out needs only the refresh token, so that an expired access token does not
 * keep a login alive).
 */
@Path("auth")
@RequestScoped
@PermitAll
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    @Inject
    Accounts accounts;

    @POST
    @Path("register")
    public Response register(@NotNull(message = "body is required") @Valid RegisterRequest request, @Context UriInfo uri) {
        UserView user = accounts.register(request);
        return Response.created(uri.getBaseUriBuilder().path("users").path(user.id()).build()).entity(user).build();
    }

    @POST
    @Path("login")
    public TokenResponse login(@NotNull(message = "body is required") @Valid LoginRequest request) {
        return accounts.login(request);
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
