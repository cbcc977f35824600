/**
 * The browser client (the static files of {@code chat-web/src/main/web-client}, served at {@code /}):
 * what the server adds to them. The client itself uses only the public REST API and WebSocket protocol.
 */
package dev.chat.client.web;
