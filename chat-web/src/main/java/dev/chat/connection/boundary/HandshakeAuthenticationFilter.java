package dev.chat.connection.boundary;

import dev.chat.api.codec.ChatJson;
import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.auth.boundary.Accounts;
import dev.chat.api.rest.ApiError;
import dev.chat.auth.control.AccessTokenVerifier;
import dev.chat.auth.entity.ChatPrincipal;
import dev.chat.connection.control.ConnectionsPerAddress;
import dev.chat.connection.control.ConnectionMetrics;
import dev.chat.platform.metrics.Refusals;
import dev.chat.platform.tracing.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.security.Principal;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Authenticates the WebSocket handshake before the upgrade: a request without a valid access
 * token gets 401 and never becomes a WebSocket. The token comes from {@code Authorization: Bearer}
 * or, for browsers (which cannot set headers on a WebSocket), the {@code access_token} query
 * parameter. The verified {@link ChatPrincipal} rides on the request as its user principal, which
 * the WebSocket container hands to the session ({@code Session#getUserPrincipal}).
 * Runs before the container's upgrade filter because declared filters precede programmatic ones.
 */
@WebFilter(urlPatterns = "/ws/*", asyncSupported = true)
public class HandshakeAuthenticationFilter extends HttpFilter {
    private static final Logger LOG = Logger.getLogger(HandshakeAuthenticationFilter.class.getName());
    private static final String BEARER = "Bearer ";
    private static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");

    @Inject
    AccessTokenVerifier verifier;

    @Inject
    Accounts accounts;

    @Inject
    ConnectionsPerAddress connectionsPerAddress;

    @Inject
    ConnectionMetrics connectionMetrics;

    @Inject
    Tracing tracing;

    @Inject
    Refusals refusals;

    /** The handshake's span (a trace of its own, or the caller's: a W3C {@code traceparent} header), ended with the upgrade or the refusal. */
    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Span span = tracing.start("WebSocket handshake", SpanKind.SERVER, tracing.parentOf(request.getHeader("traceparent")));
        try {
            authenticate(request, response, chain, span);
            if (span.isRecording()) {
                span.setAttribute(HTTP_STATUS, (long) response.getStatus());
            }
            span.end();
        } catch (IOException | ServletException | RuntimeException e) {
            Tracing.failed(span, e);
            throw e;
        }
    }

    private void authenticate(HttpServletRequest request, HttpServletResponse response, FilterChain chain, Span span)
            throws IOException, ServletException {
        ChatPrincipal principal;
        try {
            principal = verifier.verify(tokenOf(request));
            if (!accounts.honours(principal.userId(), principal.sessionGeneration())) {
                throw new ChatException(ErrorCode.UNAUTHORIZED, "session ended (account deleted, or password reset or changed)");
            }
        } catch (ChatException refused) {
            LOG.log(Level.FINE, "WebSocket handshake from {0} refused: {1}", new Object[]{request.getRemoteAddr(), refused.getMessage()});
            refusals.refused(refused.code(), Refusals.Via.WEBSOCKET);
            response.setStatus(refused.code().httpStatus());
            response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            response.setContentType("application/json");
            response.getWriter().write(ChatJson.instance().encodeBody(ApiError.of(refused.code(), refused.getMessage())));
            return;
        }
        String address = request.getRemoteAddr();
        if (connectionsPerAddress.full(address)) {
            connectionMetrics.handshakeRefusedPerAddress();
            refusals.refused(ErrorCode.RATE_LIMITED, Refusals.Via.WEBSOCKET);
            // FINE (and a counter): a policy doing its job; a flood of these must not flood the log
            LOG.log(Level.FINE, "WebSocket handshake from {0} refused: {1} connections from that address already",
                    new Object[]{address, connectionsPerAddress.maxPerAddress()});
            response.setStatus(ErrorCode.RATE_LIMITED.httpStatus());
            response.setHeader("Retry-After", "5");
            response.setContentType("application/json");
            response.getWriter().write(ChatJson.instance().encodeBody(ApiError.of(ErrorCode.RATE_LIMITED,
                    "at most " + connectionsPerAddress.maxPerAddress() + " connections from one address")));
            return;
        }
        if (span.isRecording()) {
            span.setAttribute(Tracing.USER_ID, principal.userId());
        }
        // the session counts its address from @OnOpen to @OnClose (ChatEndpoint)
        chain.doFilter(new AuthenticatedRequest(request, principal.connectedFrom(address)), response);
    }

    private static String tokenOf(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return header.substring(BEARER.length()).trim();
        }
        return request.getParameter("access_token");
    }

    private static final class AuthenticatedRequest extends HttpServletRequestWrapper {
        private final ChatPrincipal principal;

        AuthenticatedRequest(HttpServletRequest request, ChatPrincipal principal) {
            super(request);
            this.principal = principal;
        }

        @Override
        public Principal getUserPrincipal() {
            return principal;
        }

        @Override
        public String getRemoteUser() {
            return principal.userId();
        }
    }
}
