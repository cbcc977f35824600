package dev.chat.api.rest;

/** One emoji's reactions on a message: how many users, and whether the caller is one of them. */
public record ReactionCount(String emoji, long count, boolean mine) {
}
