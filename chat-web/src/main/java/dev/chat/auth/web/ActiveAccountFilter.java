package dev.chat.auth.web;

import dev.chat.api.error.ErrorCode;
import dev.chat.auth.boundary.Accounts;
import dev.chat.auth.control.AccessTokenIssuer;
import dev.chat.platform.rest.ErrorResponses;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.security.Principal;

/**
 * A valid signature is not enough: the token's user must still have an account whose sessions
 * were not ended after the token was issued (password reset or change, deletion). Such tokens are
 * refused with 401 until they expire.
 */
@Provider
@Priority(Priorities.AUTHORIZATION - 10)
public class ActiveAccountFilter implements ContainerRequestFilter {

    @Inject
    Accounts accounts;

    @Override
    public void filter(ContainerRequestContext request) {
        Principal caller = request.getSecurityContext().getUserPrincipal();
        // MP JWT's principal name is the username (upn); the account id is the subject.
        if (caller instanceof JsonWebToken token && !accounts.honours(token.getSubject(), sessionGenerationOf(token))) {
            request.abortWith(ErrorResponses.of(ErrorCode.UNAUTHORIZED, "session ended (account deleted, or password reset or changed)"));
        }
    }

    /** The token's {@code sgen} claim (0 when absent: tokens from before generations existed). */
    static int sessionGenerationOf(JsonWebToken token) {
        Object claim = token.getClaim(AccessTokenIssuer.SESSION_GENERATION);
        if (claim instanceof JsonNumber number) {
            return number.intValue();
        }
        return claim instanceof Number number ? number.intValue() : 0;
    }
}
