package dev.chat.it.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.chat.auth.control.PemKeys;

import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Access tokens for tests, signed with the stack's dev key (as login will issue them), plus
 * deliberately bad ones: expired, or signed by a key the server does not trust.
 */
public final class TestTokens {
    private TestTokens() {
    }

    public static String validFor(String userId) {
        return validFor(userId, Duration.ofMinutes(15));
    }

    public static String validFor(String userId, Duration lifetime) {
        return sign(userId, Instant.now().plus(lifetime), devKey());
    }

    public static String expiredFor(String userId) {
        return sign(userId, Instant.now().minus(Duration.ofMinutes(10)), devKey());
    }

    public static String forgedFor(String userId) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return sign(userId, Instant.now().plus(Duration.ofMinutes(15)), generator.generateKeyPair().getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(String userId, Instant expiresAt, PrivateKey key) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer("chat")
                .subject(userId)
                .claim("upn", userId)
                .claim("groups", List.of("user"))
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(Instant.now().minusSeconds(1)))
                .expirationTime(Date.from(expiresAt))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        String token = jwt.serialize();
        IssuedSecrets.token(token);
        return token;
    }

    private static PrivateKey devKey() {
        return PemKeys.privateKey(TestEnvironment.signingKeyLocation());
    }
}
