package dev.chat.api.rest;

/** One refused field of a request body: {@code field} is its name, {@code message} what is wrong. */
public record FieldError(String field, String message) {
}
