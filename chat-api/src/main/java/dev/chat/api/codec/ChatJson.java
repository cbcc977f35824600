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
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import jakarta.json.stream.JsonParsingException;

import java.io.StringReader;

/**
 * Reads and writes frames and events. One shared, thread-safe instance per JVM is enough
 * ({@link #instance()}); JSON-B instances are costly to create and safe to share.
 */
public final class ChatJson {
    private static final ChatJson INSTANCE = new ChatJson();

    private final Jsonb jsonb = JsonbBuilder.create(new JsonbConfig().withNullValues(false).withDeserializers(new IsoInstants()));
    /**
     * Looked up once: every static {@code Json.create…} call looks the provider up again through
     * the service loader, which on Payara scans the application's jars, and under load that was a
     * quarter of the server's CPU (docs/benchmarks.md).
     */
    private static final JsonProvider JSON = JsonProvider.provider();

    public static ChatJson instance() {
        return INSTANCE;
    }

    /** Encodes any frame, client or server, as {@code {"type": …, fields…}}. */
    public String encodeFrame(Record frame) {
        FrameType type = FrameType.of(frame);
        if (type == null) {
            throw new IllegalArgumentException("Not a frame: " + frame.getClass());
        }
        // the type goes in front of JSON-B's object as text: building the object again cost two more passes per frame
        String fields = jsonb.toJson(frame);
        String typeField = "{\"type\":\"" + type.wireName() + "\"";
        return fields.length() <= 2 ? typeField + "}" : typeField + "," + fields.substring(1);
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
        JsonObject object = parseFrameObject(text);
        JsonValue typeValue = object.get("type");
        if (!(typeValue instanceof JsonString typeName)) {
            throw new ChatException(ErrorCode.UNKNOWN_TYPE, "field 'type' (string) is required");
        }
        String name = typeName.getString();
        FrameType type = FrameType.ofWireName(name, fromClient).orElseThrow(() -> new ChatException(ErrorCode.UNKNOWN_TYPE,
                FrameType.ofWireName(name, !fromClient).isPresent()
                        ? "type " + name + " is sent by " + (fromClient ? "the server" : "clients") + " only"
                        : "unknown type '" + name + "'"));
        try {
            return jsonb.fromJson(text, type.recordType());
        } catch (JsonbException e) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "fields do not match " + type + ": " + rootMessage(e));
        }
    }

    /** Encodes a REST body (DTO record); JAX-RS resources get the same mapping from JSON-B. */
    public String encodeBody(Record body) {
        return jsonb.toJson(body);
    }

    public <T extends Record> T decodeBody(String text, Class<T> type) {
        return jsonb.fromJson(text, type);
    }

    public String encodeEvent(EventEnvelope envelope) {
        return jsonb.toJson(envelope);
    }

    /** Decodes a Kafka record value; an envelope of an unknown {@code eventType} is refused, not guessed. */
    public EventEnvelope decodeEvent(String text) {
        try {
            JsonObject object = parseObject(text);
            String eventType = object.getString("eventType");
            Class<? extends ChatEvent> payloadType = EventType.ofWireName(eventType)
                    .orElseThrow(() -> new IllegalArgumentException("unknown eventType " + eventType))
                    .payloadType();
            ChatEvent payload = jsonb.fromJson(object.getJsonObject("payload").toString(), payloadType);
            return new EventEnvelope(object.getString("eventId"), eventType,
                    IsoInstants.parse(object.getString("occurredAt")), object.getString("region", null), payload);
        } catch (JsonException | JsonbException | ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("Not a chat event envelope: " + rootMessage(e), e);
        }
    }

    private JsonObject parseFrameObject(String text) {
        try {
            return parseObject(text);
        } catch (JsonParsingException | ClassCastException e) {
            throw new ChatException(ErrorCode.MALFORMED_FRAME, "frame is not a JSON object");
        } catch (JsonException e) {
            throw new ChatException(ErrorCode.MALFORMED_FRAME, "frame is not JSON: " + rootMessage(e));
        }
    }

    private static JsonObject parseObject(String text) {
        try (var reader = JSON.createReader(new StringReader(text))) {
            return reader.readObject();
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
