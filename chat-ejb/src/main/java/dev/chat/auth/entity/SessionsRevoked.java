package dev.chat.auth.entity;

/**
 * A user's sessions were ended (password reset or change, account deleted): tokens of a session
 * generation below {@code generation} no longer count. Fired in the transaction that ended them;
 * the node that did it closes its own WebSockets of the user once that commits, the other nodes
 * at their next authentication round.
 */
public record SessionsRevoked(String userId, int generation) {
}
