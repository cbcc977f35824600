package dev.chat.api.frame;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The {@code type} of each frame on the wire, and the record it maps to. */
public enum FrameType {
    SEND_MESSAGE(SendMessage.class),
    SUBSCRIBE(Subscribe.class),
    RESUME(Resume.class),
    PING(Ping.class),
    REAUTH(Reauth.class),
    MESSAGE(MessageDelivered.class),
    ACK(Ack.class),
    ERROR(ErrorFrame.class),
    PONG(Pong.class),
    SUBSCRIBED(Subscribed.class),
    MEMBERSHIP(Membership.class);

    private static final Map<String, FrameType> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(Enum::name, Function.identity()));
    private static final Map<Class<?>, FrameType> BY_RECORD = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(t -> t.recordType, Function.identity()));

    private final Class<? extends Record> recordType;

    FrameType(Class<? extends Record> recordType) {
        this.recordType = recordType;
    }

    public Class<? extends Record> recordType() {
        return recordType;
    }

    public boolean sentByClient() {
        return ClientFrame.class.isAssignableFrom(recordType);
    }

    public static Optional<FrameType> ofWireName(String name) {
        return Optional.ofNullable(BY_WIRE_NAME.get(name));
    }

    public static FrameType of(Record frame) {
        return BY_RECORD.get(frame.getClass());
    }
}
