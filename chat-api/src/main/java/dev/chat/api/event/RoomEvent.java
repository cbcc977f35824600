package dev.chat.api.event;

/**
 * An event of a room's timeline. All of them travel on topic {@code chat.messages} with record
 * key {@code roomId}, so one partition holds a room's whole timeline in order: an edit, a
 * reaction or a receipt can never overtake the message it refers to, neither in the persister
 * nor in the fan-out that follows it on {@code chat.messages.stored}.
 */
public sealed interface RoomEvent extends ChatEvent
        permits MessageSentV1, MessageEditedV1, MessageDeletedV1, MessageReactedV1, MessageFlaggedV1, MessageRestoredV1, ReceiptV1,
        RoomRehomedV1 {

    String roomId();
}
