package dev.chat.api.event;

import java.time.Instant;

/**
 * {@code chat.notification.v1} (topic {@code chat.notifications}, key = userId): the notifier
 * decided that {@code userId} is to be told about a message of a room: they are not connected, or
 * they did not read a message that mentions them in time ({@code mention}). Produced once per
 * recipient and message; the delivery channels (Web Push, webhook) gather a user's notifications
 * into one digest.
 */
public record NotificationV1(String userId, String roomId, String messageId, long seq, String senderId,
                             boolean mention, Instant sentAt) implements ChatEvent {
}
