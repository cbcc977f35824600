package dev.chat.api.rest;

import java.time.Instant;
import java.util.List;

/**
 * What a user is told when they are not connected, gathered over a few seconds into one digest:
 * the body of a Web Push message (encrypted for the browser, RFC 8291) and of the webhook's POST.
 * {@code id} is the same for a digest sent again (a retry, a redelivery): receivers de-duplicate
 * by it. {@code title} and {@code body} are ready to show ("3 new messages in #general");
 * {@code notifications} lists what it is about, oldest first; {@code preview} is the start of the
 * message's text (absent when the deployment keeps content out of notifications).
 */
public record NotificationDigest(String id, String userId, String title, String body, int count,
                                 List<Item> notifications) {

    /** One message the digest is about. */
    public record Item(String roomId, String roomName, String roomType, String messageId, long seq, String senderId,
                       String senderName, boolean mention, String preview, Instant sentAt) {
    }
}
