package dev.chat.it;

import dev.chat.api.error.ErrorCode;
import dev.chat.api.rest.AccountView;
import dev.chat.api.rest.ApiError;
import dev.chat.api.rest.ChangeEmailRequest;
import dev.chat.api.rest.ChangePasswordRequest;
import dev.chat.api.rest.LoginRequest;
import dev.chat.api.rest.PasswordResetConfirmation;
import dev.chat.api.rest.PasswordResetRequest;
import dev.chat.api.rest.RefreshRequest;
import dev.chat.api.rest.RegisterRequest;
import dev.chat.api.rest.TokenResponse;
import dev.chat.api.rest.VerifyEmailRequest;
import dev.chat.it.support.ApiClient;
import dev.chat.it.support.ChatClient;
import dev.chat.it.support.DeployedChat;
import dev.chat.it.support.Mailbox;
import dev.chat.it.support.TestUser;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Accounts people can recover (docs/rest-api.md, "Accounts"): addresses verified by a mailed code,
 * forgotten passwords reset by one, password changes, and the throttling of wrong passwords,
 * through the public API with the mail read from the stack's real SMTP server's mailbox.
 */
class AccountRecoveryIT extends DeployedChat {
    private static final String NEW_PASSWORD = "a brand new passphrase";

    @Test
    void anAddressIsVerifiedByTheCodeMailedToIt() {
        String address = uniqueAddress("ivy");
        TokenResponse ivy = registerWithAddress("ivy", address);
        assertThat(me(ivy.accessToken()).emailVerified()).isFalse();

        Mailbox.Mail mail = Mailbox.await(address, Mailbox.subject("confirm your email address"));
        assertThat(mail.raw()).contains("text/plain").contains("text/html");
        String wrong = mail.code().equals("000000") ? "000001" : "000000";
        assertRefused(api.post("users/me/email/verify", new VerifyEmailRequest(wrong), ivy.accessToken()), ErrorCode.INVALID_CODE);

        var verified = api.post("users/me/email/verify", new VerifyEmailRequest(mail.code()), ivy.accessToken());
        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        AccountView account = ApiClient.read(verified, AccountView.class);
        assertThat(account.email()).isEqualTo(address.toLowerCase(Locale.ROOT));
        assertThat(account.emailVerified()).isTrue();
        // used once
        assertRefused(api.post("users/me/email/verify", new VerifyEmailRequest(mail.code()), ivy.accessToken()), ErrorCode.INVALID_CODE);
    }

    @Test
    void aForgottenPasswordIsResetByTheMailedCodeAndEveryOldSessionEnds() {
        String address = uniqueAddress("jack");
        TokenResponse jack = registerVerified("jack", address);
        try (ChatClient session = ChatClient.connect(base, jack.accessToken())) {
            var asked = api.post("auth/password-reset", new PasswordResetRequest(address.toUpperCase(Locale.ROOT)), null);
            assertThat(asked.statusCode()).isEqualTo(202);
            String code = Mailbox.await(address, Mailbox.subject("reset your password")).code();

            String wrong = code.equals("000000") ? "000001" : "000000";
            assertRefused(api.post("auth/password-reset/confirm", new PasswordResetConfirmation(address, wrong, NEW_PASSWORD), null),
                    ErrorCode.INVALID_CODE);
            var reset = api.post("auth/password-reset/confirm", new PasswordResetConfirmation(address, code, NEW_PASSWORD), null);
            assertThat(reset.statusCode()).as(reset.body()).isEqualTo(204);

            // every old session ends: the open WebSocket, the access token, the refresh token
            assertThat(session.awaitClose()).isEqualTo(1008);
            assertThat(api.get("users/me", jack.accessToken()).statusCode()).isEqualTo(401);
            assertThat(api.post("auth/refresh", new RefreshRequest(jack.refreshToken()), null).statusCode()).isEqualTo(401);
            // the code was used
            assertRefused(api.post("auth/password-reset/confirm", new PasswordResetConfirmation(address, code, "yet another passphrase"), null),
                    ErrorCode.INVALID_CODE);
        }
        String username = me(login(address.substring(0, address.indexOf('@')), NEW_PASSWORD).accessToken()).username();
        assertThat(username).isEqualTo(address.substring(0, address.indexOf('@')));
        assertThat(api.post("auth/login", new LoginRequest(username, TestUser.PASSWORD), null).statusCode()).isEqualTo(401);
        Mailbox.await(address, Mailbox.subject("Your password was changed"));
    }

    @Test
    void aResetRequestAnswersAlikeForEveryLoginAndMailsOnlyAVerifiedAddress() {
        String unverified = uniqueAddress("kate");
        registerWithAddress("kate", unverified);
        String nobody = uniqueAddress("nobody");

        assertThat(api.post("auth/password-reset", new PasswordResetRequest(nobody), null).statusCode()).isEqualTo(202);
        assertThat(api.post("auth/password-reset", new PasswordResetRequest("no-such-user-" + UUID.randomUUID()), null).statusCode())
                .isEqualTo(202);
        assertThat(api.post("auth/password-reset", new PasswordResetRequest(unverified), null).statusCode()).isEqualTo(202);
        // confirming for an account that does not exist fails like a wrong code
        assertRefused(api.post("auth/password-reset/confirm", new PasswordResetConfirmation(nobody, "123456", NEW_PASSWORD), null),
                ErrorCode.INVALID_CODE);

        Mailbox.await(unverified, Mailbox.subject("confirm your email address")); // the registration's mail arrived …
        assertThat(Mailbox.of(unverified)).noneMatch(Mailbox.subject("reset your password")); // … and no reset code
        assertThat(Mailbox.of(nobody)).isEmpty();
    }

    @Test
    void changingThePasswordNeedsTheCurrentOneAndSignsOutEverywhere() {
        TestUser leo = TestUser.register(api, "leo");

        assertRefused(api.put("users/me/password", new ChangePasswordRequest("not the password", NEW_PASSWORD), leo.accessToken()),
                ErrorCode.FORBIDDEN);
        var changed = api.put("users/me/password", new ChangePasswordRequest(TestUser.PASSWORD, NEW_PASSWORD), leo.accessToken());
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        TokenResponse fresh = ApiClient.read(changed, TokenResponse.class);

        assertThat(api.get("users/me", leo.accessToken()).statusCode()).isEqualTo(401);
        assertThat(api.post("auth/refresh", new RefreshRequest(leo.refreshToken()), null).statusCode()).isEqualTo(401);
        assertThat(api.get("users/me", fresh.accessToken()).statusCode()).isEqualTo(200);
        assertThat(api.post("auth/login", new LoginRequest(leo.username(), NEW_PASSWORD), null).statusCode()).isEqualTo(200);
    }

    @Test
    void anAddressBelongsToOneAccountWhateverItsCase() {
        String address = uniqueAddress("mia");
        registerWithAddress("mia", address);
        TestUser ned = TestUser.register(api, "ned");

        assertRefused(api.put("users/me/email", new ChangeEmailRequest(address.toUpperCase(Locale.ROOT), TestUser.PASSWORD),
                ned.accessToken()), ErrorCode.CONFLICT);
        assertRefused(api.post("auth/register", new RegisterRequest("other-" + UUID.randomUUID().toString().substring(0, 8),
                TestUser.PASSWORD, null, " " + address + " "), null), ErrorCode.CONFLICT);
        assertRefused(api.put("users/me/email", new ChangeEmailRequest("not an address", TestUser.PASSWORD), ned.accessToken()),
                ErrorCode.INVALID_FIELD);
    }

    @Test
    void wrongPasswordsSlowTheAccountDownButNeverLockItOut() throws Exception {
        TestUser olga = TestUser.register(api, "olga");
        for (int i = 1; i <= 6; i++) { // five cost nothing, the sixth makes the next try wait a second
            assertThat(api.post("auth/login", new LoginRequest(olga.username(), "wrong password " + i), null).statusCode())
                    .as("wrong password %d", i).isEqualTo(401);
        }

        HttpResponse<String> waiting = api.post("auth/login", new LoginRequest(olga.username(), TestUser.PASSWORD), null);
        assertThat(waiting.statusCode()).as(waiting.body()).isEqualTo(429);
        assertThat(ApiClient.read(waiting, ApiError.class).code()).isEqualTo(ErrorCode.RATE_LIMITED);
        long retryAfterSeconds = Long.parseLong(waiting.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfterSeconds).isBetween(1L, 2L);

        Thread.sleep(retryAfterSeconds * 1000 + 200);
        assertThat(api.post("auth/login", new LoginRequest(olga.username(), TestUser.PASSWORD), null).statusCode()).isEqualTo(200);
    }

    private TokenResponse registerWithAddress(String name, String address) {
        String username = address.substring(0, address.indexOf('@'));
        var registered = api.post("auth/register", new RegisterRequest(username, TestUser.PASSWORD, name, address), null);
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        return login(username, TestUser.PASSWORD);
    }

    private TokenResponse registerVerified(String name, String address) {
        TokenResponse tokens = registerWithAddress(name, address);
        String code = Mailbox.await(address, Mailbox.subject("confirm your email address")).code();
        assertThat(api.post("users/me/email/verify", new VerifyEmailRequest(code), tokens.accessToken()).statusCode()).isEqualTo(200);
        return tokens;
    }

    private TokenResponse login(String username, String password) {
        var login = api.post("auth/login", new LoginRequest(username, password), null);
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        return ApiClient.read(login, TokenResponse.class);
    }

    private AccountView me(String accessToken) {
        var me = api.get("users/me", accessToken);
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        return ApiClient.read(me, AccountView.class);
    }

    private static void assertRefused(HttpResponse<String> response, ErrorCode code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(code.httpStatus());
        assertThat(ApiClient.read(response, ApiError.class).code()).isEqualTo(code);
    }

    /** An address whose local part is also a free username (mixed case: the server keeps addresses in lower case). */
    private static String uniqueAddress(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@Example.test";
    }
}
