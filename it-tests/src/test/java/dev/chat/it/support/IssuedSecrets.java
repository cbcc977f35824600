package dev.chat.it.support;

import dev.chat.api.rest.TokenResponse;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every token the tests of this run got or presented (access and refresh tokens, from the API's
 * answers and in requests and handshakes): {@code LogHygieneIT} looks for each of them in the logs.
 */
public final class IssuedSecrets {
    private static final Set<String> TOKENS = ConcurrentHashMap.newKeySet();

    private IssuedSecrets() {
    }

    public static void token(String token) {
        if (token != null && token.length() >= 16) {
            TOKENS.add(token);
        }
    }

    static void tokensOf(Object answer) {
        if (answer instanceof TokenResponse tokens) {
            token(tokens.accessToken());
            token(tokens.refreshToken());
        }
    }

    public static Set<String> tokens() {
        return Set.copyOf(TOKENS);
    }
}
