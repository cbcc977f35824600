/** Entry points of client connections: the WebSocket endpoint, its handshake filter and the fan-out consumer. */
package dev.chat.connection.boundary;
