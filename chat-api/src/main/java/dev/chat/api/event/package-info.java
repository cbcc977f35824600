/**
 * Kafka events. Every record value is one {@link dev.chat.api.event.EventEnvelope} whose
 * {@code eventType} ({@link dev.chat.api.event.EventType}) names the payload's record and its
 * version; a new incompatible shape gets a new version, never a changed one.
 */
package dev.chat.api.event;
