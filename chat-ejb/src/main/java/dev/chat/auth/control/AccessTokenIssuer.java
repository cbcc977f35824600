package dev.chat.auth.control;

import dev.chat.platform.startup.StartsWithApplication;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.chat.auth.entity.UserAccount;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Issues access tokens: RS256 JWTs with the claims MicroProfile JWT expects (iss, sub, upn,
 * groups, exp, iat, jti). The private key comes from {@code chat.auth.signing-key.location};
 * it is loaded when the application starts, so a node without its key fails to deploy instead
 * of failing at the first login.
 */
@ApplicationScoped
public class AccessTokenIssuer implements StartsWithApplication {
    private static final Logger LOG = Logger.getLogger(AccessTokenIssuer.class.getName());
    /** The one role every user has; REST resources require it. */
    public static final String USER_GROUP = "user";
    /** The claim with the account's session generation when the token was issued (UserAccount#honours). */
    public static final String SESSION_GENERATION = "sgen";

    @Inject
    @ConfigProperty(name = "chat.auth.signing-key.location")
    String signingKeyLocation;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.issuer")
    String issuer;

    @Inject
    @ConfigProperty(name = "chat.auth.access-token-ttl-seconds", defaultValue = "900")
    long ttlSeconds;

    private RSASSASigner signer;

    /** Runs at start ({@link StartsWithApplication}): a missing or unreadable key fails the deployment. */
    @PostConstruct
    void loadKey() {
        signer = new RSASSASigner(PemKeys.privateKey(signingKeyLocation));
        LOG.info(() -> "Access tokens signed with the key in " + signingKeyLocation + ", valid " + ttlSeconds + " s");
    }

    public Duration lifetime() {
        return Duration.ofSeconds(ttlSeconds);
    }

    public String issue(UserAccount user) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(user.id())
                .claim("upn", user.username())
                .claim("groups", List.of(USER_GROUP))
                .claim(SESSION_GENERATION, user.sessionGeneration())
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(ttlSeconds)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign access token", e);
        }
        return jwt.serialize();
    }
}
