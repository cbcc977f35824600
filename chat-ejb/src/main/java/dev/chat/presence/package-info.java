/**
 * Presence: who is online, on any node, with transitions announced once cluster-wide
 * ({@code chat.presence.changed.v1}); state in Redis with TTLs so that a dead node's users go
 * OFFLINE by themselves.
 */
package dev.chat.presence;
