/**
 * Messages: accepting a message (publish to Kafka, key = roomId), storing it once with its
 * per-room sequence number, and the stored form.
 */
package dev.chat.message;
