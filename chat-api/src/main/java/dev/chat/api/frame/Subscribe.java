package dev.chat.api.frame;

/**
 * {@code SUBSCRIBE}: start receiving a room's messages on this connection. {@code afterSeq}
 * (optional) asks for a replay of what was stored after that sequence number first.
 */
public record Subscribe(String roomId, Long afterSeq) implements ClientFrame {

    @Override
    public void validate() {
        FieldRules.requireId("roomId", roomId);
        FieldRules.nonNegative("afterSeq", afterSeq);
    }
}
