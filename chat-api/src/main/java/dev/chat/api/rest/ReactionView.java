package dev.chat.api.rest;

/** The outcome of toggling a reaction: whether the caller now has it, and how many users do. */
public record ReactionView(String messageId, String emoji, boolean added, long count) {
}
