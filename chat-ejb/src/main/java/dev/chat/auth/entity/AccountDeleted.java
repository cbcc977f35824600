package dev.chat.auth.entity;

/** An account was deleted (fired in the deleting transaction): what belongs to it is to be erased (docs/privacy.md). */
public record AccountDeleted(String userId, String username) {
}
