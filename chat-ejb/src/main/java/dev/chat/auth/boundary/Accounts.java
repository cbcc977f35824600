package dev.chat.auth.boundary;

import dev.chat.platform.persistence.DatabaseClock;
import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.rest.AccountView;
import dev.chat.api.rest.ChangeEmailRequest;
import dev.chat.api.rest.ChangePasswordRequest;
import dev.chat.api.rest.LoginRequest;
import dev.chat.api.rest.RegisterRequest;
import dev.chat.api.rest.TokenResponse;
import dev.chat.api.rest.UpdateUserRequest;
import dev.chat.api.rest.UserView;
import dev.chat.auth.control.AccessTokenIssuer;
import dev.chat.auth.control.AccountMails;
import dev.chat.auth.control.EmailAddresses;
import dev.chat.auth.control.LoginThrottle;
import dev.chat.auth.control.OneTimeCodes;
import dev.chat.auth.control.OneTimeCodes.Purpose;
import dev.chat.auth.control.PasswordHasher;
import dev.chat.auth.control.RefreshTokens;
import dev.chat.auth.entity.AccountDeleted;
import dev.chat.auth.entity.RefreshToken;
import dev.chat.auth.entity.SessionsRevoked;
import dev.chat.auth.entity.UserAccount;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Accounts and sessions of users: register, log in, refresh, log out, read and change the own
 * profile, email address and password, find other users, delete the account. Passwords are only
 * ever compared through {@link PasswordHasher}, every comparison counted by {@link LoginThrottle};
 * no password, token, code or address is logged. Ending a user's sessions
 * ({@link #revokeSessions}) refuses every access token issued before, revokes every refresh token
 * and closes the user's WebSockets (docs/rest-api.md, "Accounts").
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

    @Inject
    LoginThrottle throttle;

    @Inject
    OneTimeCodes codes;

    @Inject
    AccountMails mails;

    @Inject
    Event<SessionsRevoked> sessionsRevoked;

    @Inject
    Event<AccountDeleted> accountDeleted;

    public UserView register(RegisterRequest request) {
        String username = request.username().toLowerCase(Locale.ROOT);
        if (username.startsWith("deleted-")) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "usernames starting with 'deleted-' name erased accounts");
        }
        if (byUsername(username).isPresent()) {
            throw new ChatException(ErrorCode.CONFLICT, "username '" + username + "' is taken");
        }
        String email = EmailAddresses.normalise(request.email());
        requireFree(email);
        var user = new UserAccount(UUID.randomUUID().toString(), username, blankToNull(request.displayName()),
                passwords.hash(request.password()), DatabaseClock.now());
        user.changeEmail(email);
        em.persist(user);
        flushUnique(); // two registrations racing for one address: the index decides, now
        LOG.log(Level.INFO, "Registered user {0} ({1})", new Object[]{user.id(), username});
        if (email != null) {
            mails.verificationCode(user);
        }
        return view(user);
    }

    /** @param address the client's address, which {@link LoginThrottle} counts beside the account */
    public TokenResponse login(LoginRequest request, String address) {
        String username = request.username().toLowerCase(Locale.ROOT);
        throttle.check(username, address);
        Optional<UserAccount> found = byUsername(username).filter(u -> !u.isDeleted());
        if (found.isEmpty()) {
            passwords.verifyDecoy(request.password());
            throttle.failed(username, address);
            throw new ChatException(ErrorCode.UNAUTHORIZED, "wrong username or password");
        }
        UserAccount user = found.get();
        if (!passwords.matches(request.password(), user.passwordHash())) {
            throttle.failed(username, address);
            throw new ChatException(ErrorCode.UNAUTHORIZED, "wrong username or password");
        }
        throttle.succeeded(username);
        return tokensFor(user, refreshTokens.issue(user.id()));
    }

    public TokenResponse refresh(String refreshToken) {
        RefreshToken spent = refreshTokens.spend(refreshToken);
        UserAccount user = em.find(UserAccount.class, spent.userId());
        if (user == null || user.isDeleted()) {
            throw new ChatException(ErrorCode.UNAUTHORIZED, "account deleted");
        }
        // a login that raced a reset (its token created before the sessions ended, stored after they were revoked)
        if (user.sessionsRevokedAt() != null && spent.createdAt().isBefore(user.sessionsRevokedAt())) {
            throw new ChatException(ErrorCode.UNAUTHORIZED, "session ended (password reset or changed)");
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

    /** The email address an active account proved it holds (verified), if it has one. */
    public Optional<String> verifiedEmailOf(String userId) {
        UserAccount user = em.find(UserAccount.class, userId);
        return user == null || user.isDeleted() || !user.emailVerified() ? Optional.empty() : Optional.of(user.email());
    }

    public UserView findByUsername(String username) {
        return byUsername(username.strip().toLowerCase(Locale.ROOT)).filter(u -> !u.isDeleted()).map(Accounts::view)
                .orElseThrow(() -> new ChatException(ErrorCode.NOT_FOUND, "no user named '" + username.strip() + "'"));
    }

    public AccountView me(String userId) {
        return accountView(active(userId));
    }

    public UserView update(String userId, UpdateUserRequest request) {
        UserAccount user = active(userId);
        if (request.displayName() != null) {
            user.rename(blankToNull(request.displayName()));
        }
        return view(user);
    }

    /**
     * A new address (or none), confirmed by the current password; unverified until the code mailed
     * to it comes back ({@link #verifyEmail}).
     *
     * @throws ChatException FORBIDDEN for a wrong password, CONFLICT for an address another account has
     */
    public AccountView changeEmail(String userId, ChangeEmailRequest request, String address) {
        UserAccount user = active(userId);
        requirePassword(user, request.currentPassword(), address);
        String email = EmailAddresses.normalise(request.email());
        if (email != null && email.equals(user.email())) {
            return accountView(user);
        }
        requireFree(email);
        user.changeEmail(email);
        flushUnique(); // the unique index decides a race for one address now, not at commit
        codes.forget(Purpose.RESET_PASSWORD, userId); // a reset code went to the old address
        if (email != null) {
            mails.verificationCode(user);
        }
        LOG.log(Level.INFO, "User {0} changed their email address", userId);
        return accountView(user);
    }

    /** Mails a new code to the account's unverified address. */
    public void resendVerification(String userId) {
        UserAccount user = active(userId);
        if (user.email() == null || user.emailVerified()) {
            throw new ChatException(ErrorCode.CONFLICT, user.email() == null ? "the account has no email address" : "the address is verified already");
        }
        mails.verificationCode(user);
    }

    /** @throws ChatException INVALID_CODE when the code is wrong, used, expired, or was sent to another address */
    public AccountView verifyEmail(String userId, String code) {
        UserAccount user = active(userId);
        String sentTo = codes.spend(Purpose.VERIFY_EMAIL, userId, code);
        if (!sentTo.equals(user.email())) {
            throw new ChatException(ErrorCode.INVALID_CODE, "the code is wrong, used or expired: ask for a new one"); // sent to an address the account no longer has
        }
        user.emailVerified(DatabaseClock.now());
        LOG.log(Level.INFO, "User {0} verified their email address", userId);
        return accountView(user);
    }

    /**
     * A new password, confirmed by the current one: every session of the account ends (another
     * device that knew the old password is signed out); the caller gets a new login.
     */
    public TokenResponse changePassword(String userId, ChangePasswordRequest request, String address) {
        UserAccount user = active(userId);
        requirePassword(user, request.currentPassword(), address);
        user.changePassword(passwords.hash(request.newPassword()));
        revokeSessions(user);
        mails.passwordChanged(user, "changed");
        LOG.log(Level.INFO, "User {0} changed their password", userId);
        return tokensFor(user, refreshTokens.issue(user.id()));
    }

    /**
     * Ends every session of {@code user}: refresh tokens revoked, access tokens issued until now
     * refused (their session generation is past), WebSockets closed (this node's when the transaction commits, the others' at their
     * next round: {@code chat.ws.auth-check-interval-ms}).
     */
    public void revokeSessions(UserAccount user) {
        user.revokeSessions(DatabaseClock.now());
        refreshTokens.revokeAllOf(user.id());
        sessionsRevoked.fire(new SessionsRevoked(user.id(), user.sessionGeneration()));
    }

    public void delete(String userId) {
        UserAccount user = active(userId);
        user.delete(DatabaseClock.now());
        refreshTokens.revokeAllOf(userId);
        sessionsRevoked.fire(new SessionsRevoked(userId, user.sessionGeneration()));
        accountDeleted.fire(new AccountDeleted(userId, user.username()));
        LOG.log(Level.INFO, "Deleted user {0}; its data is erased in the background (docs/privacy.md)", userId);
    }

    /**
     * Whether an access token of this user, issued in session generation {@code generation}, is
     * still honoured: the account exists, is not deleted, and its sessions were not ended since.
     */
    public boolean honours(String userId, int generation) {
        UserAccount user = em.find(UserAccount.class, userId);
        return user != null && user.honours(generation);
    }

    /**
     * The users whose sessions ended at or after {@code since}, with their session generation now:
     * one indexed query, however many connections ask.
     */
    public Map<String, Integer> sessionsRevokedSince(Instant since) {
        List<Object[]> rows = em.createQuery("SELECT u.id, u.sessionGeneration FROM UserAccount u WHERE u.sessionsRevokedAt >= :since",
                Object[].class).setParameter("since", since).getResultList();
        Map<String, Integer> revoked = new HashMap<>();
        for (Object[] row : rows) {
            revoked.put((String) row[0], ((Number) row[1]).intValue());
        }
        return revoked;
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

    /** The account a login names (a username, or an address: usernames hold no {@code @}), active or not. */
    public Optional<UserAccount> byLogin(String login) {
        String name = login.strip().toLowerCase(Locale.ROOT);
        return EmailAddresses.isAddress(name)
                ? em.createNamedQuery(UserAccount.BY_EMAIL, UserAccount.class).setParameter("email", name).getResultStream().findFirst()
                : byUsername(name);
    }

    /** Checks a password the caller typed to confirm a change; counted like a login. */
    private void requirePassword(UserAccount user, String password, String address) {
        throttle.check(user.username(), address);
        if (!passwords.matches(password, user.passwordHash())) {
            throttle.failed(user.username(), address);
            throw new ChatException(ErrorCode.FORBIDDEN, "the current password is wrong");
        }
        throttle.succeeded(user.username());
    }

    /** Writes now; a unique index's refusal (a username or address taken meanwhile) is CONFLICT, not a 500 with the value in the log. */
    private void flushUnique() {
        try {
            em.flush();
        } catch (PersistenceException e) {
            throw new ChatException(ErrorCode.CONFLICT, "the username or address was taken meanwhile");
        }
    }

    private void requireFree(String email) {
        if (email != null && !em.createNamedQuery(UserAccount.BY_EMAIL, UserAccount.class).setParameter("email", email)
                .getResultList().isEmpty()) {
            throw new ChatException(ErrorCode.CONFLICT, "another account has this email address");
        }
    }

    private Optional<UserAccount> byUsername(String username) {
        return em.createNamedQuery(UserAccount.BY_USERNAME, UserAccount.class)
                .setParameter("username", username).getResultStream().findFirst();
    }

    public static UserView view(UserAccount user) {
        return new UserView(user.id(), user.username(), user.displayName(), user.createdAt());
    }

    private static AccountView accountView(UserAccount user) {
        return new AccountView(user.id(), user.username(), user.displayName(), user.createdAt(), user.email(), user.emailVerified());
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
