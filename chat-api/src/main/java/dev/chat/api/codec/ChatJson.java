package dev.chat.api.codec;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.event.ChatEvent;
import dev.chat.api.event.EventEnvelope;
import dev.chat.api.event.EventType;
import dev.chat.api.frame.ClientFrame;
import dev.chat.api.frame.FrameType;
import dev.chat.api.frame.ServerFrame;
import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonException;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;

import java.io.StringReader;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes frames and events ({@link RecordJson}: the same JSON as JSON-B's default
 * mapping, at a fraction of its cost) and REST bodies (JSON-B, as JAX-RS does). One shared,
 * thread-safe instance per JVM ({@link #instance()}).
 */
public final class ChatJson {
    private static final ChatJson INSTANCE = new ChatJson();
    /** The type of a server frame that carries several frames (for clients that ask for it at the handshake). */
    public static final String BATCH = "BATCH";

    /** JSON-B only for REST bodies: created on first use, so that frame and event users never start it. */
    private static final class Bodies {
        static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig().withNullValues(false).withDeserializers(new IsoInstants()));
    }
    /**
     * Looked up once: every static {@code Json.create…} call looks the provider up again through
     * the service loader, which on Payara scans the application's jars, and under load that was a
     * quarter of the server's CPU (docs/benchmarks.md).
     */
    private static final JsonProvider JSON = JsonProvider.provider();

    public static ChatJson instance() {
        return INSTANCE;
    }

    /** Encodes any frame, client or server, as {@code {"type": …, fields…}} (the fields as JSON-B orders them). */
    public String encodeFrame(Record frame) {
        FrameType type = FrameType.of(frame);
        if (type == null) {
            throw new IllegalArgumentException("Not a frame: " + frame.getClass());
        }
        StringBuilder out = new StringBuilder(160).append("{\"type\":\"").append(type.wireName()).append('"');
        RecordJson.appendProperties(out, frame);
        return out.append('}').toString();
    }

    /**
     * Several encoded server frames as one {@code BATCH} frame, {@code {"type":"BATCH","frames":[…]}},
     * for a client that asked for batches: the frames are copied, not encoded again.
     */
    public String encodeBatch(List<String> encodedFrames) {
        int length = 32;
        for (String frame : encodedFrames) {
            length += frame.length() + 1;
        }
        StringBuilder out = new StringBuilder(length).append("{\"type\":\"").append(BATCH).append("\",\"frames\":[");
        for (int i = 0; i < encodedFrames.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(encodedFrames.get(i));
        }
        return out.append("]}").toString();
    }

    /** Decodes a server text frame into the frames it carries: itself, or each frame of a {@code BATCH}. */
    @SuppressWarnings("unchecked")
    public List<ServerFrame> decodeServerFrames(String text) {
        Map<String, Object> object = parseFrameObject(text);
        if (!BATCH.equals(object.get("type"))) {
            return List.of((ServerFrame) bindFrame(object, false));
        }
        if (!(object.get("frames") instanceof List<?> frames)) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "a BATCH carries 'frames', an array of frames");
        }
        List<ServerFrame> decoded = new ArrayList<>(frames.size());
        for (Object frame : frames) {
            if (!(frame instanceof Map<?, ?> frameObject)) {
                throw new ChatException(ErrorCode.INVALID_FIELD, "every frame of a BATCH is an object");
            }
            decoded.add((ServerFrame) bindFrame((Map<String, Object>) frameObject, false));
        }
        return decoded;
    }

    /**
     * Decodes what a client sent, refusing with a {@link ChatException} whose code tells the
     * client what was wrong: not JSON, unknown type, a server-only type, a field of the wrong
     * shape, or a missing or too large field.
     */
    public ClientFrame decodeClientFrame(String text) {
        ClientFrame clientFrame = (ClientFrame) decodeFrame(text, true);
        clientFrame.validate();
        return clientFrame;
    }

    /** Decodes a server frame (for clients and tests). */
    public ServerFrame decodeServerFrame(String text) {
        return (ServerFrame) decodeFrame(text, false);
    }

    private Record decodeFrame(String text, boolean fromClient) {
        return bindFrame(parseFrameObject(text), fromClient);
    }

    private Record bindFrame(Map<String, Object> object, boolean fromClient) {
        String name;
        try {
            name = RecordJson.string(object, "type");
        } catch (IllegalArgumentException notText) {
            name = null;
        }
        if (name == null) {
            throw new ChatException(ErrorCode.UNKNOWN_TYPE, "field 'type' (string) is required");
        }
        String wireName = name;
        FrameType type = FrameType.ofWireName(wireName, fromClient).orElseThrow(() -> new ChatException(ErrorCode.UNKNOWN_TYPE,
                FrameType.ofWireName(wireName, !fromClient).isPresent()
                        ? "type " + wireName + " is sent by " + (fromClient ? "the server" : "clients") + " only"
                        : "unknown type '" + wireName + "'"));
        try {
            return RecordJson.bind(object, type.recordType());
        } catch (RecordJson.BindingException e) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "fields do not match " + type + ": " + e.getMessage());
        }
    }

    /**
     * Pays every frame and event type's first-use cost (its shape, and the code the JVM generates
     * for a method handle on its first call) now instead of on the first message after a node's
     * start, where it cost tens of milliseconds (docs/benchmarks.md, {@code quiet}): a record of
     * default values of each type is written, read and bound. Call it once while the node starts.
     *
     * @return how many types accepted default values (the others only had their constructor prepared)
     */
    public int warmUp() {
        List<Class<?>> types = new ArrayList<>();
        for (FrameType type : FrameType.values()) {
            types.add(type.recordType());
        }
        for (EventType type : EventType.values()) {
            types.add(type.payloadType());
        }
        types.add(EventEnvelope.class);
        int built = 0;
        for (Class<?> type : types) {
            Record sample;
            try {
                sample = (Record) RecordJson.bind(Map.of(), type);
            } catch (RuntimeException refusedDefaults) {
                continue; // its own checks refuse default values; its constructor is prepared all the same
            }
            built++;
            StringBuilder json = new StringBuilder(160);
            RecordJson.appendRecord(json, sample);
            try {
                RecordJson.bind(parseObject(json.toString()), type);
            } catch (RuntimeException refusedDefaults) {
                // bound as far as the record's own checks let it
            }
        }
        return built;
    }

    /** Encodes a REST body (DTO record); JAX-RS resources get the same mapping from JSON-B. */
    public String encodeBody(Record body) {
        return Bodies.JSONB.toJson(body);
    }

    public <T extends Record> T decodeBody(String text, Class<T> type) {
        return Bodies.JSONB.fromJson(text, type);
    }

    public String encodeEvent(EventEnvelope envelope) {
        StringBuilder out = new StringBuilder(320);
        RecordJson.appendRecord(out, envelope);
        return out.toString();
    }

    /** Decodes a Kafka record value; an envelope of an unknown {@code eventType} is refused, not guessed. */
    public EventEnvelope decodeEvent(String text) {
        try {
            Map<String, Object> object = parseObject(text);
            String eventType = RecordJson.string(object, "eventType");
            Class<? extends ChatEvent> payloadType = EventType.ofWireName(eventType)
                    .orElseThrow(() -> new IllegalArgumentException("unknown eventType " + eventType))
                    .payloadType();
            ChatEvent payload = RecordJson.bind(RecordJson.object(object, "payload"), payloadType);
            String occurredAt = RecordJson.string(object, "occurredAt");
            return new EventEnvelope(RecordJson.string(object, "eventId"), eventType,
                    occurredAt == null ? null : IsoInstants.parse(occurredAt), RecordJson.string(object, "region"), payload,
                    RecordJson.string(object, "traceparent"));
        } catch (JsonException | ClassCastException | DateTimeException e) {
            throw new IllegalArgumentException("Not a chat event envelope: " + rootMessage(e), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Not a chat event envelope: " + e.getMessage(), e);
        }
    }

    private Map<String, Object> parseFrameObject(String text) {
        try {
            return parseObject(text);
        } catch (JsonParsingException | ClassCastException e) {
            throw new ChatException(ErrorCode.MALFORMED_FRAME, "frame is not a JSON object");
        } catch (JsonException e) {
            throw new ChatException(ErrorCode.MALFORMED_FRAME, "frame is not JSON: " + rootMessage(e));
        }
    }

    private static Map<String, Object> parseObject(String text) {
        try (JsonParser parser = JSON.createParser(new StringReader(text))) {
            return RecordJson.readObject(parser);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
