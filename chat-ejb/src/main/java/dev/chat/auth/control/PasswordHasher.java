package dev.chat.auth.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Map;

/**
 * Salted, slow password hashes with Jakarta Security's PBKDF2 implementation
 * (PBKDF2-HMAC-SHA256, 16-byte salt, iterations configurable). The hash string carries its own
 * parameters, so raising the iteration count later keeps old hashes verifiable.
 */
@ApplicationScoped
public class PasswordHasher {

    @Inject
    Pbkdf2PasswordHash pbkdf2;

    @Inject
    @ConfigProperty(name = "chat.auth.pbkdf2-iterations", defaultValue = "210000")
    int iterations;

    /** Verified against when a username is unknown, so that both answers take the same time. */
    private String decoy;

    @PostConstruct
    void configure() {
        pbkdf2.initialize(Map.of(
                "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA256",
                "Pbkdf2PasswordHash.Iterations", String.valueOf(iterations),
                "Pbkdf2PasswordHash.SaltSizeBytes", "16",
                "Pbkdf2PasswordHash.KeySizeBytes", "32"));
        decoy = pbkdf2.generate("decoy-password".toCharArray());
    }

    public String hash(String password) {
        return pbkdf2.generate(password.toCharArray());
    }

    public boolean matches(String password, String hash) {
        return pbkdf2.verify(password.toCharArray(), hash);
    }

    /** Spends the time a real verification would, for an unknown user. */
    public void verifyDecoy(String password) {
        pbkdf2.verify(password.toCharArray(), decoy);
    }
}
