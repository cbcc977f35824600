package dev.chat.api.frame;

/** A frame the server sends to a client. */
public sealed interface ServerFrame permits MessageDelivered, Ack, ErrorFrame, Pong, Subscribed, Membership,
        MessageEdited, MessageDeleted, MessageHidden, MessageRestored, Reaction, Receipt, Presence, TypingNotice {
}
