/**
 * Client connections: the WebSocket endpoint {@code /ws/chat}, its handshake authentication,
 * each session's bounded outbound queue, room subscriptions and the per-node fan-out.
 */
package dev.chat.connection;
