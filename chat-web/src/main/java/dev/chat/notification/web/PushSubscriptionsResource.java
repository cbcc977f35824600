package dev.chat.notification.web;

import dev.chat.api.rest.PushKeyView;
import dev.chat.api.rest.PushSubscriptionRequest;
import dev.chat.api.rest.PushSubscriptionView;
import dev.chat.notification.boundary.PushSubscriptions;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;

/** {@code /api/v1/notifications/push}: the VAPID key and the caller's Web Push subscriptions (docs/rest-api.md, "Notifications"). */
@Path("notifications/push")
@RequestScoped
@RolesAllowed("user")
@Produces(MediaType.APPLICATION_JSON)
public class PushSubscriptionsResource {

    @Inject
    JsonWebToken caller;

    @Inject
    PushSubscriptions subscriptions;

    @GET
    @Path("key")
    public PushKeyView key() {
        return subscriptions.key();
    }

    @GET
    @Path("subscriptions")
    public List<PushSubscriptionView> list() {
        return subscriptions.of(caller.getSubject());
    }

    @POST
    @Path("subscriptions")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response register(@NotNull(message = "a body is required") @Valid PushSubscriptionRequest request) {
        return Response.status(Response.Status.CREATED).entity(subscriptions.register(caller.getSubject(), request)).build();
    }

    @DELETE
    @Path("subscriptions/{id}")
    public Response remove(@PathParam("id") String id) {
        subscriptions.remove(caller.getSubject(), id);
        return Response.noContent().build();
    }
}
