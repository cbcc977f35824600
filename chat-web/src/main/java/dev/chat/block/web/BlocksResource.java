package dev.chat.block.web;

import dev.chat.api.rest.BlockRequest;
import dev.chat.api.rest.BlockView;
import dev.chat.block.boundary.Blocks;
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
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;

/**
 * {@code /api/v1/users/me/blocks}: the users the caller blocked (docs/rest-api.md, "Blocks").
 * Blocking takes effect at once on every node: the blocked user's messages reach the caller as
 * placeholders, live and in history.
 */
@Path("users/me/blocks")
@RequestScoped
@RolesAllowed("user")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class BlocksResource {

    @Inject
    JsonWebToken caller;

    @Inject
    Blocks blocks;

    @GET
    public List<BlockView> all() {
        return blocks.of(caller.getSubject());
    }

    /** 200 with the block, new or already there (blocking twice changes nothing). */
    @POST
    public BlockView block(@NotNull(message = "body is required") @Valid BlockRequest request) {
        return blocks.block(caller.getSubject(), request.userId());
    }

    /** 204; 404 when the user was not blocked. */
    @DELETE
    @Path("{userId}")
    public void unblock(@PathParam("userId") String userId) {
        blocks.unblock(caller.getSubject(), userId);
    }
}
