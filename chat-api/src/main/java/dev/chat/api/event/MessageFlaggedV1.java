package dev.chat.api.event;

import java.time.Instant;

/**
 * {@code chat.message.flagged.v1}: a classifier found message {@code seq} of the room objectionable
 * ({@code reason}, its {@code score} from 0 to 1, which {@code classifier}). {@code hidden}: the
 * message is hidden from the room from now on (members get {@code MESSAGE_HIDDEN}, history a
 * placeholder) until a moderator restores it; false when the deployment only flags for review
 * ({@code chat.moderation.hide-flagged=false}).
 */
public record MessageFlaggedV1(String messageId, String roomId, long seq, String senderId, String reason, double score,
                               String classifier, boolean hidden, Instant flaggedAt) implements RoomEvent {
}
