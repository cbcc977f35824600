package dev.chat.api.rest;

import java.time.Instant;

/**
 * A flagged message as moderators review it ({@code /api/v1/moderation/flags}): what it says
 * ({@code content}; none once deleted), why it was flagged ({@code reason}, {@code score} from 0 to 1,
 * {@code classifier}), whether it is {@code hidden} from the room, and the review: {@code status}
 * {@code open}, {@code restored} or {@code deleted}, by whom and when.
 */
public record FlagView(String messageId, String roomId, long seq, String senderId, String content, String reason, double score,
                       String classifier, boolean hidden, String status, Instant flaggedAt, String reviewedBy, Instant reviewedAt) {
}
