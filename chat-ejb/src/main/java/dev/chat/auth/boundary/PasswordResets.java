package dev.chat.auth.boundary;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.rest.PasswordResetConfirmation;
import dev.chat.auth.control.AccountMails;
import dev.chat.auth.control.LoginThrottle;
import dev.chat.auth.control.OneTimeCodes;
import dev.chat.auth.control.OneTimeCodes.Purpose;
import dev.chat.auth.control.PasswordHasher;
import dev.chat.auth.entity.UserAccount;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A forgotten password, reset by a code mailed to the account's verified address (docs/rest-api.md,
 * "Accounts"). Neither step tells whether an account exists: the request answers the same for
 * every login, and confirming for an unknown account hashes the new password all the same and
 * fails like a wrong code. Wrong codes count as failed logins ({@link LoginThrottle}); a reset
 * ends every session of the account.
 */
@Stateless
public class PasswordResets {
    private static final Logger LOG = Logger.getLogger(PasswordResets.class.getName());

    @Inject
    Accounts accounts;

    @Inject
    OneTimeCodes codes;

    @Inject
    PasswordHasher passwords;

    @Inject
    LoginThrottle throttle;

    @Inject
    AccountMails mails;

    /**
     * Mails a code if {@code login} (username or address) names an active account with a verified
     * address; otherwise nothing. Asked again within the resend interval: nothing either (the answer
     * is the same, so that it tells nothing).
     */
    public void request(String login) {
        Optional<UserAccount> found = accounts.byLogin(login).filter(user -> !user.isDeleted() && user.emailVerified());
        if (found.isEmpty()) {
            LOG.log(Level.FINE, "Password reset asked for a login without an active, verified account");
            return;
        }
        UserAccount user = found.get();
        OneTimeCodes.Issued code;
        try {
            code = codes.issue(Purpose.RESET_PASSWORD, user.id(), user.email());
        } catch (ChatException e) {
            if (e.code() != ErrorCode.RATE_LIMITED) {
                throw e;
            }
            LOG.log(Level.FINE, "Password reset for user {0} asked again within the resend interval", user.id());
            return;
        }
        mails.code(user, code, "reset-password", Purpose.RESET_PASSWORD);
        LOG.log(Level.INFO, "Password reset code mailed for user {0}", user.id());
    }

    /**
     * Sets the new password when the code is right, and ends every session of the account.
     *
     * @throws ChatException INVALID_CODE (wrong, used, expired code, or no such account), RATE_LIMITED (too many wrong tries)
     */
    public void confirm(PasswordResetConfirmation confirmation, String address) {
        String login = confirmation.login().strip();
        throttle.check(login, address);
        Optional<UserAccount> found = accounts.byLogin(login).filter(user -> !user.isDeleted() && user.emailVerified());
        String newHash = passwords.hash(confirmation.newPassword()); // for an unknown account too: the same work, the same time
        if (found.isEmpty()) {
            throttle.failed(login, address);
            throw new ChatException(ErrorCode.INVALID_CODE, "the code is wrong, used or expired: ask for a new one");
        }
        UserAccount user = found.get();
        try {
            if (!codes.spend(Purpose.RESET_PASSWORD, user.id(), confirmation.code()).equals(user.email())) {
                // sent to an address the account no longer has: refused alike
                throw new ChatException(ErrorCode.INVALID_CODE, "the code is wrong, used or expired: ask for a new one");
            }
        } catch (ChatException e) {
            if (e.code() == ErrorCode.INVALID_CODE) {
                throttle.failed(login, address);
            }
            throw e;
        }
        throttle.succeeded(login);
        user.changePassword(newHash);
        accounts.revokeSessions(user);
        mails.passwordChanged(user, "reset");
        LOG.log(Level.INFO, "User {0} reset their password", user.id());
    }
}
