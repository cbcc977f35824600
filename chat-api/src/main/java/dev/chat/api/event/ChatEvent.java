package dev.chat.api.event;

/** The payload of an {@link EventEnvelope}. */
public sealed interface ChatEvent permits RoomEvent, RoomMembershipChangedV1, UserBlockChangedV1, PresenceChangedV1, NotificationV1 {
}
