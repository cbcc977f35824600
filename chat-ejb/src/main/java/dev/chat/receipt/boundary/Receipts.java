package dev.chat.receipt.boundary;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.event.ReceiptV1;
import dev.chat.message.control.MessageStore;
import dev.chat.platform.kafka.RoomEventLog;
import dev.chat.room.control.ReadPositions;
import dev.chat.platform.persistence.DatabaseClock;
import dev.chat.room.boundary.RoomMembership;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.Optional;

/**
 * Read positions. A member's {@code last_read_seq} only moves forward; each move is appended to
 * the room's timeline as {@code chat.receipt.v1} (the room's sessions get {@code RECEIPT}) in the
 * same transaction, and the member's unread count ({@code lastSeq - lastReadSeq}) follows from it.
 */
@Stateless
public class Receipts {
    @Inject
    ReadPositions readPositions;

    @Inject
    RoomMembership membership;

    @Inject
    MessageStore store;

    @Inject
    RoomEventLog timeline;

    /**
     * Marks the room read up to {@code seq}.
     *
     * @return the receipt, or empty if the member had already read that far
     * @throws ChatException INVALID_FIELD for a seq beyond the room's last message
     */
    public Optional<ReceiptV1> markRead(String callerId, String roomId, long seq) {
        membership.requireMember(roomId, callerId);
        long lastSeq = store.lastSeq(roomId);
        if (seq > lastSeq) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "seq " + seq + " is beyond the room's last message (" + lastSeq + ")");
        }
        if (!readPositions.moveForward(roomId, callerId, seq)) {
            return Optional.empty();
        }
        Instant now = DatabaseClock.now();
        return Optional.of(timeline.appendAndWait(new ReceiptV1(roomId, callerId, seq, now), now));
    }
}
