package dev.chat.auth.control;

import dev.chat.api.error.ChatException;
import dev.chat.auth.control.OneTimeCodes.Purpose;
import dev.chat.auth.entity.UserAccount;
import dev.chat.platform.mail.MailTemplates;
import dev.chat.platform.mail.Mailer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;

/** The mails of an account (templates under {@code mail/}): codes to verify an address or reset a password, and the notice of a new password. */
@ApplicationScoped
public class AccountMails {

    @Inject
    OneTimeCodes codes;

    @Inject
    Mailer mailer;

    /** A new code for the account's (unverified) address, mailed to it. */
    public void verificationCode(UserAccount user) {
        code(user, codes.issue(Purpose.VERIFY_EMAIL, user.id(), user.email()), "verify-email", Purpose.VERIFY_EMAIL);
    }

    /** Mails an issued code; a mail that cannot be handed over leaves no code behind (asking again is then not "too soon"). */
    public void code(UserAccount user, OneTimeCodes.Issued code, String template, Purpose purpose) {
        try {
            mailer.send(code.sentTo(), MailTemplates.render(template, Map.of("username", user.username(), "code", code.code(),
                    "minutes", Long.toString(code.validFor().toMinutes()))), "user " + user.id() + " (" + template + ")");
        } catch (ChatException e) {
            codes.forget(purpose, user.id());
            throw e;
        }
    }

    /** Tells the account's verified address that its password was {@code how} ("changed", "reset"). */
    public void passwordChanged(UserAccount user, String how) {
        if (user.emailVerified()) {
            mailer.send(user.email(), MailTemplates.render("password-changed", Map.of("username", user.username(), "how", how)),
                    "user " + user.id() + " (password " + how + ")");
        }
    }
}
