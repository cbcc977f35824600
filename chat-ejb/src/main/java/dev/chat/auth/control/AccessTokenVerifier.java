package dev.chat.auth.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.auth.entity.ChatPrincipal;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;

/**
 * Verifies access tokens where MicroProfile JWT's own mechanism cannot see them: the WebSocket
 * handshake, whose token may come as the {@code access_token} query parameter because browsers
 * cannot set headers on it (MP JWT reads only the Authorization header or a cookie). It uses the
 * very MP JWT settings ({@code mp.jwt.verify.publickey.location}, {@code mp.jwt.verify.issuer},
 * {@code mp.jwt.verify.clock.skew}) so that a token valid for REST is valid here and vice versa.
 */
@ApplicationScoped
public class AccessTokenVerifier {

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey.location")
    String publicKeyLocation;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.issuer")
    String issuer;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.clock.skew", defaultValue = "60")
    long clockSkewSeconds;

    private RSASSAVerifier verifier;
    private final Clock clock = Clock.systemUTC();

    @PostConstruct
    void loadKey() {
        verifier = new RSASSAVerifier(PemKeys.publicKey(publicKeyLocation));
    }

    /** @throws ChatException {@code UNAUTHORIZED} with the reason when the token is not acceptable */
    public ChatPrincipal verify(String token) {
        if (token == null || token.isBlank()) {
            throw new ChatException(ErrorCode.UNAUTHORIZED, "access token required");
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                throw new ChatException(ErrorCode.UNAUTHORIZED, "access token signature invalid");
            }
            return principalOf(jwt.getJWTClaimsSet());
        } catch (ParseException | JOSEException e) {
            throw new ChatException(ErrorCode.UNAUTHORIZED, "access token malformed");
        }
    }

    private ChatPrincipal principalOf(JWTClaimsSet claims) throws ParseException {
        if (!issuer.equals(claims.getIssuer())) {
            throw new ChatException(ErrorCode.UNAUTHORIZED, "access token from another issuer");
        }
        Date expiration = claims.getExpirationTime();
        if (expiration == null || claims.getSubject() == null) {
            throw new ChatException(ErrorCode.UNAUTHORIZED, "access token lacks exp or sub");
        }
        Instant expiresAt = expiration.toInstant();
        if (!Instant.now(clock).isBefore(expiresAt.plusSeconds(clockSkewSeconds))) {
            throw new ChatException(ErrorCode.UNAUTHORIZED, "access token expired");
        }
        String username = claims.getStringClaim("upn");
        Long generation = claims.getLongClaim(AccessTokenIssuer.SESSION_GENERATION);
        return new ChatPrincipal(claims.getSubject(), username != null ? username : claims.getSubject(),
                generation == null ? 0 : generation.intValue(), expiresAt);
    }
}
