package dev.chat.search.web;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.rest.MessageSearchPage;
import dev.chat.api.rest.UserView;
import dev.chat.search.boundary.Search;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;

/** {@code /api/v1/search} (docs/rest-api.md, "Search"). */
@Path("search")
@RequestScoped
@RolesAllowed("user")
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {

    @Inject
    JsonWebToken caller;

    @Inject
    Search search;

    /** Messages of the caller's rooms: {@code sort=relevance} (default) or {@code newest}. */
    @GET
    @Path("messages")
    public MessageSearchPage messages(@QueryParam("q") String q, @QueryParam("roomId") String roomId, @QueryParam("sender") String sender,
                                      @QueryParam("since") String since, @QueryParam("until") String until, @QueryParam("sort") String sort,
                                      @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        boolean newest = "newest".equals(sort);
        if (sort != null && !newest && !"relevance".equals(sort)) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "sort must be relevance or newest");
        }
        return search.messages(caller.getSubject(), new Search.MessageQuery(q, roomId, sender, instant("since", since), instant("until", until),
                newest, cursor, limit));
    }

    /** People by the start of their username or display name. */
    @GET
    @Path("users")
    public List<UserView> users(@QueryParam("q") String q) {
        return search.people(q);
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeException e) {
            throw new ChatException(ErrorCode.INVALID_FIELD, name + " must be an ISO-8601 instant, e.g. 2026-11-30T12:00:00Z");
        }
    }
}
