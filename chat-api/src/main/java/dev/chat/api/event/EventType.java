package dev.chat.api.event;

import java.util.Arrays;
import java.util.Optional;

/** The {@code eventType} of an envelope and the payload record it carries. */
public enum EventType {
    MESSAGE_SENT_V1("chat.message.sent.v1", MessageSentV1.class),
    MESSAGE_EDITED_V1("chat.message.edited.v1", MessageEditedV1.class),
    MESSAGE_DELETED_V1("chat.message.deleted.v1", MessageDeletedV1.class),
    MESSAGE_REACTED_V1("chat.message.reacted.v1", MessageReactedV1.class),
    MESSAGE_FLAGGED_V1("chat.message.flagged.v1", MessageFlaggedV1.class),
    MESSAGE_RESTORED_V1("chat.message.restored.v1", MessageRestoredV1.class),
    RECEIPT_V1("chat.receipt.v1", ReceiptV1.class),
    ROOM_REHOMED_V1("chat.room.rehomed.v1", RoomRehomedV1.class),
    PRESENCE_CHANGED_V1("chat.presence.changed.v1", PresenceChangedV1.class),
    ROOM_MEMBERSHIP_CHANGED_V1("chat.room.membership.changed.v1", RoomMembershipChangedV1.class),
    USER_BLOCK_CHANGED_V1("chat.user.block.changed.v1", UserBlockChangedV1.class),
    NOTIFICATION_V1("chat.notification.v1", NotificationV1.class);

    private final String wireName;
    private final Class<? extends ChatEvent> payloadType;

    EventType(String wireName, Class<? extends ChatEvent> payloadType) {
        this.wireName = wireName;
        this.payloadType = payloadType;
    }

    public String wireName() {
        return wireName;
    }

    public Class<? extends ChatEvent> payloadType() {
        return payloadType;
    }

    public static Optional<EventType> ofWireName(String wireName) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
    }

    public static EventType of(ChatEvent payload) {
        return Arrays.stream(values()).filter(t -> t.payloadType == payload.getClass()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No event type for " + payload.getClass()));
    }
}
