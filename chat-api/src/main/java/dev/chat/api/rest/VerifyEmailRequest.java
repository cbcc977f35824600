package dev.chat.api.rest;

import jakarta.validation.constraints.NotNull;

/** {@code POST /api/v1/users/me/email/verify}: the code mailed to the account's address. */
public record VerifyEmailRequest(@NotNull(message = "is required") String code) {
}
