/** Connection logic: outbound queues and room subscriptions of this node's sessions. */
package dev.chat.connection.control;
