package dev.chat.api.event;

/** The payload of an {@link EventEnvelope}. */
public sealed interface ChatEvent permits MessageSentV1, RoomMembershipChangedV1 {
}
