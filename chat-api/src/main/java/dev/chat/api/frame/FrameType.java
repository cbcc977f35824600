package dev.chat.api.frame;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The {@code type} of each frame on the wire, and the record it maps to. A wire name is unique per
 * direction: {@code TYPING} is a client's "I am typing" ({@link Typing}) and the server's "they are
 * typing" ({@link TypingNotice}).
 */
public enum FrameType {
    SEND_MESSAGE(SendMessage.class),
    SUBSCRIBE(Subscribe.class),
    RESUME(Resume.class),
    PING(Ping.class),
    REAUTH(Reauth.class),
    EDIT_MESSAGE(EditMessage.class),
    DELETE_MESSAGE(DeleteMessage.class),
    REACT(React.class),
    READ(Read.class),
    TYPING(Typing.class),
    MESSAGE(MessageDelivered.class),
    ACK(Ack.class),
    ERROR(ErrorFrame.class),
    PONG(Pong.class),
    SUBSCRIBED(Subscribed.class),
    MEMBERSHIP(Membership.class),
    MESSAGE_EDITED(MessageEdited.class),
    MESSAGE_DELETED(MessageDeleted.class),
    MESSAGE_HIDDEN(MessageHidden.class),
    MESSAGE_RESTORED(MessageRestored.class),
    REACTION(Reaction.class),
    RECEIPT(Receipt.class),
    PRESENCE(Presence.class),
    TYPING_NOTICE("TYPING", TypingNotice.class);

    private static final Map<String, FrameType> CLIENT_BY_WIRE_NAME = byWireName(true);
    private static final Map<String, FrameType> SERVER_BY_WIRE_NAME = byWireName(false);
    private static final Map<Class<?>, FrameType> BY_RECORD = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(t -> t.recordType, Function.identity()));

    private final String wireName;
    private final Class<? extends Record> recordType;

    FrameType(Class<? extends Record> recordType) {
        this.wireName = name();
        this.recordType = recordType;
    }

    FrameType(String wireName, Class<? extends Record> recordType) {
        this.wireName = wireName;
        this.recordType = recordType;
    }

    /** The {@code type} field's value. */
    public String wireName() {
        return wireName;
    }

    public Class<? extends Record> recordType() {
        return recordType;
    }

    public boolean sentByClient() {
        return ClientFrame.class.isAssignableFrom(recordType);
    }

    /** The frame that goes in the given direction under this name. */
    public static Optional<FrameType> ofWireName(String name, boolean sentByClient) {
        return Optional.ofNullable((sentByClient ? CLIENT_BY_WIRE_NAME : SERVER_BY_WIRE_NAME).get(name));
    }

    public static FrameType of(Record frame) {
        return BY_RECORD.get(frame.getClass());
    }

    private static Map<String, FrameType> byWireName(boolean sentByClient) {
        return Arrays.stream(values()).filter(t -> t.sentByClient() == sentByClient)
                .collect(Collectors.toUnmodifiableMap(FrameType::wireName, Function.identity()));
    }
}
