package dev.chat.auth.boundary;

import dev.chat.platform.persistence.DatabaseClock;
import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.rest.LoginRequest;
import dev.chat.api.rest.RegisterRequest;
import dev.chat.api.rest.TokenResponse;
import dev.chat.api.rest.UpdateUserRequest;
import dev.chat.api.rest.UserView;
import dev.chat.auth.control.AccessTokenIssuer;
import dev.chat.auth.control.PasswordHasher;
import dev.chat.auth.control.RefreshTokens;
import dev.chat.auth.entity.RefreshToken;
import dev.chat.auth.entity.UserAccount;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Accounts and sessions of users: register, log in, refresh, log out, read and change the own
 * profile, find other users, delete the account. Passwords are only ever compared through {@link PasswordHasher}, and no
 * password or token is logged.
 */
@Stateless
public class Accounts {
    private static final Logger LOG = Logger.getLogger(Accounts.class.getName());

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Inject
    PasswordHasher passwords;

    @Inject
    AccessTokenIssuer accessTokens;

    @Inject
    RefreshTokens refreshTokens;

    public UserView register(RegisterRequest request) {
        String username = request.username().toLowerCase(Locale.ROOT);
        if (byUsername(username).isPresent()) {
            throw new ChatException(ErrorCode.CONFLICT, "username '" + username + "' is taken");
        }
        var user = new UserAccount(UUID.randomUUID().toString(), username, blankToNull(request.displayName()),
                passwords.hash(request.password()), DatabaseClock.now());
        em.persist(user);
        LOG.log(Level.INFO, "Registered user {0} ({1})", new Object[]{user.id(), username});
        return view(user);
    }

    public TokenResponse login(LoginRequest request) {
        Optional<UserAccount> found = byUsername(request.username().toLowerCase(Locale.ROOT)).filter(u -> !u.isDeleted());
        if (found.isEmpty()) {
            passwords.verifyDecoy(request.password());
            throw new ChatException(ErrorCode.UNAUTHORIZED, "wrong username or password");
        }
        UserAccount user = found.get();
        if (!passwords.matches(request.password(), user.passwordHash())) {
            throw new ChatException(ErrorCode.UNAUTHORIZED, "wrong username or password");
        }
        return tokensFor(user, refreshTokens.issue(user.id()));
    }

    public TokenResponse refresh(String refreshToken) {
        RefreshToken spent = refreshTokens.spend(refreshToken);
        UserAccount user = em.find(UserAccount.class, spent.userId());
        if (user == null || user.isDeleted()) {
            throw new ChatException(ErrorCode.UNAUTHORIZED, "account deleted");
        }
        return tokensFor(user, refreshTokens.rotate(spent));
    }

    /** Ends the login the refresh token belongs to (its whole family); an unknown or spent token changes nothing. */
    public void logout(String refreshToken) {
        refreshTokens.revokeFamilyOf(refreshToken);
    }

    /** Another user, by id or by username (case-insensitive), as any user may see them; NOT_FOUND unless active. */
    public UserView find(String userId) {
        return view(active(userId));
    }

    public UserView findByUsername(String username) {
        return byUsername(username.strip().toLowerCase(Locale.ROOT)).filter(u -> !u.isDeleted()).map(Accounts::view)
                .orElseThrow(() -> new ChatException(ErrorCode.NOT_FOUND, "no user named '" + username.strip() + "'"));
    }

    public UserView me(String userId) {
        return view(active(userId));
    }

    public UserView update(String userId, UpdateUserRequest request) {
        UserAccount user = active(userId);
        if (request.displayName() != null) {
            user.rename(blankToNull(request.displayName()));
        }
        return view(user);
    }

    public void delete(String userId) {
        active(userId).delete(DatabaseClock.now());
        refreshTokens.revokeAllOf(userId);
        LOG.log(Level.INFO, "Deleted user {0}", userId);
    }

    /** Whether tokens of this user are still honoured (the account exists and is not deleted). */
    public boolean isActive(String userId) {
        UserAccount user = em.find(UserAccount.class, userId);
        return user != null && !user.isDeleted();
    }

    /** The accounts deleted at or after {@code since}: one indexed query, however many connections ask. */
    public Set<String> deletedSince(Instant since) {
        return Set.copyOf(em.createQuery("SELECT u.id FROM UserAccount u WHERE u.deletedAt >= :since", String.class)
                .setParameter("since", since).getResultList());
    }

    /** @throws ChatException NOT_FOUND when there is no active account with this id */
    public UserAccount active(String userId) {
        UserAccount user = em.find(UserAccount.class, userId);
        if (user == null || user.isDeleted()) {
            throw new ChatException(ErrorCode.NOT_FOUND, "no user " + userId);
        }
        return user;
    }

    private TokenResponse tokensFor(UserAccount user, String refreshToken) {
        return new TokenResponse(accessTokens.issue(user), refreshToken, accessTokens.lifetime().toSeconds(), user.id());
    }

    private Optional<UserAccount> byUsername(String username) {
        return em.createNamedQuery(UserAccount.BY_USERNAME, UserAccount.class)
                .setParameter("username", username).getResultStream().findFirst();
    }

    public static UserView view(UserAccount user) {
        return new UserView(user.id(), user.username(), user.displayName(), user.createdAt());
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
