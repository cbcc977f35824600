package dev.chat.region.web;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.region.boundary.RegionFailover;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code /api/v1/admin/regions}: what an operator does when a region is lost (docs/regions.md,
 * failover). An operator's call, not a user's: it carries the deployment's admin token
 * ({@code chat.admin.token}) in {@code X-Chat-Admin-Token}; without a token configured the
 * operator API is off.
 */
@Path("admin/regions")
@Produces(MediaType.APPLICATION_JSON)
public class RegionsResource {
    private static final Logger LOG = Logger.getLogger(RegionsResource.class.getName());
    static final String TOKEN_HEADER = "X-Chat-Admin-Token";

    @Inject
    RegionFailover failover;

    @Inject
    @ConfigProperty(name = "chat.admin.token", defaultValue = " ")
    String adminToken;

    /**
     * Homes in this region every room homed in region {@code lost}: {@code 200} with the rooms and
     * how many messages accepted here were sent again to be sequenced here; {@code 409} while what
     * was mirrored from {@code lost} is not stored here yet (promote again) or when regions are off;
     * {@code 503} when Kafka does not answer.
     */
    @POST
    @Path("{lost}/promote")
    public RegionFailover.Promotion promote(@PathParam("lost") String lost, @HeaderParam(TOKEN_HEADER) String token)
            throws InterruptedException {
        authorize(token);
        try {
            return failover.promote(lost);
        } catch (ExecutionException | TimeoutException kafka) {
            // what was done stays done (the homes, the announcements sent): promoting again finishes it
            LOG.log(Level.WARNING, "Promotion for the rooms of region " + lost + " did not finish: Kafka did not answer", kafka);
            throw new ChatException(ErrorCode.UNAVAILABLE, "Kafka did not answer (" + kafka + "): promote again");
        }
    }

    private void authorize(String token) {
        if (adminToken.isBlank()) {
            throw new ChatException(ErrorCode.NOT_OFFERED, "the operator API is off: set chat.admin.token (CHAT_ADMIN_TOKEN)");
        }
        if (token == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), adminToken.getBytes(StandardCharsets.UTF_8))) {
            throw new ChatException(ErrorCode.FORBIDDEN, "an operator's call: " + TOKEN_HEADER + " does not carry the admin token");
        }
    }
}
