package dev.chat.api.codec;

import dev.chat.api.ChatLimits;
import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.event.EventEnvelope;
import dev.chat.api.event.EventType;
import dev.chat.api.event.MessageDeletedV1;
import dev.chat.api.event.MessageEditedV1;
import dev.chat.api.event.MessageFlaggedV1;
import dev.chat.api.event.MessageRestoredV1;
import dev.chat.api.event.MessageReactedV1;
import dev.chat.api.event.MessageSentV1;
import dev.chat.api.event.ReceiptV1;
import dev.chat.api.event.RoomEvent;
import dev.chat.api.event.UserBlockChangedV1;
import dev.chat.api.frame.Ack;
import dev.chat.api.frame.MessageHidden;
import dev.chat.api.frame.MessageRestored;
import dev.chat.api.frame.DeleteMessage;
import dev.chat.api.frame.EditMessage;
import dev.chat.api.frame.ErrorFrame;
import dev.chat.api.frame.FrameType;
import dev.chat.api.frame.Ping;
import dev.chat.api.frame.React;
import dev.chat.api.frame.Read;
import dev.chat.api.frame.SendMessage;
import dev.chat.api.frame.MessageDelivered;
import dev.chat.api.frame.Subscribe;
import dev.chat.api.rest.ReactionCount;
import dev.chat.api.rest.SendMessageRequest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChatJsonTest {
    private final ChatJson json = ChatJson.instance();

    @Test
    void sendMessageFrameIsDecodedWithItsFields() {
        var frame = json.decodeClientFrame("""
                {"type":"SEND_MESSAGE","roomId":"r1","content":"hello","clientMsgId":"c1"}""");

        assertThat(frame).isEqualTo(new SendMessage("r1", "hello", "c1", null));
    }

    @Test
    void serverFrameIsEncodedWithTypeFirstAndWithoutNulls() {
        String text = json.encodeFrame(new Ack("c1", "m1", "r1", true));

        assertThat(text).isEqualTo("{\"type\":\"ACK\",\"clientMsgId\":\"c1\",\"durable\":true,\"messageId\":\"m1\",\"roomId\":\"r1\"}");
        assertThat(json.encodeFrame(ErrorFrame.of(ErrorCode.MALFORMED_FRAME, "bad", null)))
                .contains("\"type\":\"ERROR\"", "\"code\":\"MALFORMED_FRAME\"", "\"retryable\":false")
                .doesNotContain("clientMsgId");
    }

    @Test
    void warmingUpBuildsEveryFrameAndEventTypeAndChangesNoOutput() {
        String before = json.encodeFrame(new Ack("c1", "m1", "r1", true));

        int built = json.warmUp();

        assertThat(built).as("types that accept default values").isEqualTo(FrameType.values().length + EventType.values().length + 1);
        assertThat(json.encodeFrame(new Ack("c1", "m1", "r1", true))).isEqualTo(before);
        assertThat(json.decodeClientFrame("{\"type\":\"PING\"}")).isEqualTo(new Ping());
    }

    @Test
    void framesRoundTrip() {
        var subscribe = new Subscribe("r1", 41L);
        assertThat(json.decodeClientFrame(json.encodeFrame(subscribe))).isEqualTo(subscribe);
        assertThat(json.decodeClientFrame("{\"type\":\"PING\"}")).isEqualTo(new Ping());
        var ack = new Ack("c", "m", "r", false);
        assertThat(json.decodeServerFrame(json.encodeFrame(ack))).isEqualTo(ack);
    }

    @Test
    void malformedJsonIsRefusedAsMalformedFrame() {
        assertRefused("{not json", ErrorCode.MALFORMED_FRAME);
        assertRefused("[1,2]", ErrorCode.MALFORMED_FRAME);
    }

    @Test
    void unknownOrMissingOrServerOnlyTypeIsRefused() {
        assertRefused("{\"type\":\"SHOUT\"}", ErrorCode.UNKNOWN_TYPE);
        assertRefused("{\"roomId\":\"r\"}", ErrorCode.UNKNOWN_TYPE);
        assertRefused("{\"type\":\"ACK\",\"clientMsgId\":\"c\"}", ErrorCode.UNKNOWN_TYPE);
    }

    @Test
    void aMessageOfFilesMayHaveNoTextAndNamesEachFileOnce() {
        var frame = json.decodeClientFrame("""
                {"type":"SEND_MESSAGE","roomId":"r1","clientMsgId":"c1","attachments":["a1","a2"]}""");

        assertThat(frame).isEqualTo(new SendMessage("r1", "", "c1", null, List.of("a1", "a2")));
        assertRefused("{\"type\":\"SEND_MESSAGE\",\"roomId\":\"r\",\"clientMsgId\":\"c\",\"attachments\":[]}", ErrorCode.INVALID_FIELD);
        assertRefused("{\"type\":\"SEND_MESSAGE\",\"roomId\":\"r\",\"clientMsgId\":\"c\",\"attachments\":[\"a\",\"a\"]}", ErrorCode.INVALID_FIELD);
        assertRefused("{\"type\":\"SEND_MESSAGE\",\"roomId\":\"r\",\"clientMsgId\":\"c\",\"attachments\":[\"\"]}", ErrorCode.INVALID_FIELD);
        assertRefused("{\"type\":\"SEND_MESSAGE\",\"roomId\":\"r\",\"clientMsgId\":\"c\",\"attachments\":"
                + "[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"10\",\"11\"]}", ErrorCode.TOO_LARGE);
    }

    @Test
    void anHttpSendCarriesItsAttachments() {
        var request = new SendMessageRequest("", null, List.of("a1", "a2"));

        String body = json.encodeBody(request);

        assertThat(body).contains("\"attachments\":[\"a1\",\"a2\"]");
        assertThat(json.decodeBody(body, SendMessageRequest.class)).isEqualTo(request);
    }

    @Test
    void aMessageWithoutFilesIsWrittenAsBefore() {
        var sent = new MessageSentV1("m1", "r1", "u1", "c1", "hi", null, Instant.parse("2026-01-02T03:04:05Z"), 3L);

        assertThat(json.encodeEvent(new EventEnvelope("e1", EventType.MESSAGE_SENT_V1.wireName(), Instant.parse("2026-01-02T03:04:05Z"), "local", sent)))
                .doesNotContain("attachments");
    }

    @Test
    void missingOrWronglyShapedFieldsAreRefused() {
        assertRefused("{\"type\":\"SEND_MESSAGE\",\"roomId\":\"r\",\"clientMsgId\":\"c\"}", ErrorCode.INVALID_FIELD);
        assertRefused("{\"type\":\"SEND_MESSAGE\",\"roomId\":\"r\",\"content\":\"  \",\"clientMsgId\":\"c\"}", ErrorCode.INVALID_FIELD);
        assertRefused("{\"type\":\"SUBSCRIBE\",\"roomId\":\"r\",\"afterSeq\":\"yesterday\"}", ErrorCode.INVALID_FIELD);
        assertRefused("{\"type\":\"SUBSCRIBE\",\"roomId\":\"" + "r".repeat(ChatLimits.MAX_ID_LENGTH + 1) + "\"}", ErrorCode.INVALID_FIELD);
    }

    @Test
    void roomActionFramesDecodeAndCheckTheirFields() {
        assertThat(json.decodeClientFrame("{\"type\":\"EDIT_MESSAGE\",\"roomId\":\"r\",\"messageId\":\"m\",\"content\":\"fixed\"}"))
                .isEqualTo(new EditMessage("r", "m", "fixed"));
        assertThat(json.decodeClientFrame("{\"type\":\"DELETE_MESSAGE\",\"roomId\":\"r\",\"messageId\":\"m\"}"))
                .isEqualTo(new DeleteMessage("r", "m"));
        assertThat(json.decodeClientFrame("{\"type\":\"REACT\",\"roomId\":\"r\",\"messageId\":\"m\",\"emoji\":\"👍🏽\"}"))
                .isEqualTo(new React("r", "m", "👍🏽"));
        assertThat(json.decodeClientFrame("{\"type\":\"READ\",\"roomId\":\"r\",\"seq\":12}")).isEqualTo(new Read("r", 12L));

        assertRefused("{\"type\":\"EDIT_MESSAGE\",\"roomId\":\"r\",\"messageId\":\"m\",\"content\":\" \"}", ErrorCode.INVALID_FIELD);
        assertRefused("{\"type\":\"DELETE_MESSAGE\",\"roomId\":\"r\"}", ErrorCode.INVALID_FIELD);
        assertRefused("{\"type\":\"REACT\",\"roomId\":\"r\",\"messageId\":\"m\",\"emoji\":\"lol\"}", ErrorCode.INVALID_FIELD);
        assertRefused("{\"type\":\"READ\",\"roomId\":\"r\",\"seq\":0}", ErrorCode.INVALID_FIELD);
        assertRefused("{\"type\":\"READ\",\"roomId\":\"r\"}", ErrorCode.INVALID_FIELD);
    }

    @Test
    void everyRoomEventRoundTripsThroughItsEnvelope() {
        Instant at = Instant.parse("2026-01-02T03:04:05.678Z");
        for (RoomEvent event : List.<RoomEvent>of(
                new MessageEditedV1("m1", "r1", 3, "fixed", "u1", at),
                new MessageDeletedV1("m1", "r1", 3, "u2", at),
                new MessageReactedV1("m1", "r1", 3, "u1", "🎉", true, 2, at),
                new ReceiptV1("r1", "u1", 3, at))) {
            var envelope = EventEnvelope.wrap(event, "eu", at);
            assertThat(json.decodeEvent(json.encodeEvent(envelope))).isEqualTo(envelope);
        }
    }

    @Test
    void eventEnvelopeRoundTripsWithTypedPayload() {
        var sent = new MessageSentV1("m1", "r1", "u1", "c1", "hi", null, Instant.parse("2026-01-02T03:04:05.678Z"), null);
        var envelope = EventEnvelope.wrap(sent, "eu", Instant.parse("2026-01-02T03:04:05.679Z"));

        String text = json.encodeEvent(envelope);

        assertThat(text).contains("\"eventType\":\"chat.message.sent.v1\"", "\"region\":\"eu\"", "\"occurredAt\":\"2026-01-02T03:04:05.679Z\"");
        assertThat(json.decodeEvent(text)).isEqualTo(envelope);
        var stored = EventEnvelope.wrap(sent.storedAs(7, null), "eu", Instant.parse("2026-01-02T03:04:05.679Z"));
        assertThat(((MessageSentV1) json.decodeEvent(json.encodeEvent(stored)).payload()).seq()).isEqualTo(7L);
    }

    @Test
    void unknownEventTypeIsRefused() {
        assertThatThrownBy(() -> json.decodeEvent("{\"eventId\":\"e\",\"eventType\":\"chat.nope.v9\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"payload\":{}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chat.nope.v9");
    }

    @Test
    void textIsEscapedAndReadBackUnchanged() {
        String tricky = "quote \" backslash \\ newline \n tab \t bell \u0007 emoji 🎉 accents é";
        var send = new SendMessage("r1", tricky, "c1", null);

        String text = json.encodeFrame(send);

        assertThat(text).contains("\\\"", "\\\\", "\\n", "\\t", "\\u0007", "🎉");
        assertThat(json.decodeClientFrame(text)).isEqualTo(send);
    }

    @Test
    void nestedRecordsListsAndEnumsAreWrittenAndRead() {
        var message = new MessageDelivered("r1", "m1", 7, "u1", null, null, Instant.parse("2026-01-02T03:04:05.123456Z"),
                null, Boolean.TRUE, List.of(new ReactionCount("🎉", 2, true), new ReactionCount("👍", 1, false)));

        String text = json.encodeFrame(message);

        assertThat(text).isEqualTo("{\"type\":\"MESSAGE\",\"deleted\":true,\"messageId\":\"m1\","
                + "\"reactions\":[{\"count\":2,\"emoji\":\"🎉\",\"mine\":true},{\"count\":1,\"emoji\":\"👍\",\"mine\":false}],"
                + "\"roomId\":\"r1\",\"senderId\":\"u1\",\"seq\":7,\"ts\":\"2026-01-02T03:04:05.123456Z\"}");
        assertThat(json.decodeServerFrame(text)).isEqualTo(message);
        var error = new ErrorFrame(ErrorCode.RATE_LIMITED, "slow down", true, 250L, "c9");
        assertThat(json.decodeServerFrame(json.encodeFrame(error))).isEqualTo(error);
    }

    @Test
    void aPlaceholderForABlockedSenderCarriesItsPlaceAndNothingOfIt() {
        var placeholder = new MessageDelivered("r1", "m1", 7, "u1", null, null, Instant.parse("2026-01-02T03:04:05Z"),
                null, null, null, null, null, Boolean.TRUE, null);

        String text = json.encodeFrame(placeholder);

        assertThat(text).isEqualTo("{\"type\":\"MESSAGE\",\"hidden\":true,\"messageId\":\"m1\",\"roomId\":\"r1\","
                + "\"senderId\":\"u1\",\"seq\":7,\"ts\":\"2026-01-02T03:04:05Z\"}");
        assertThat(json.decodeServerFrame(text)).isEqualTo(placeholder);
        var event = EventEnvelope.wrap(new UserBlockChangedV1("u1", "u2", true, Instant.parse("2026-01-02T03:04:05Z")), "eu",
                Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(json.decodeEvent(json.encodeEvent(event))).isEqualTo(event);
    }

    @Test
    void moderationFramesAndEventsRoundTrip() {
        var hidden = new MessageDelivered("r1", "m1", 7, "u1", null, null, Instant.parse("2026-01-02T03:04:05Z"),
                null, null, null, null, null, Boolean.TRUE, Boolean.TRUE);
        assertThat(json.encodeFrame(hidden)).isEqualTo("{\"type\":\"MESSAGE\",\"hidden\":true,\"messageId\":\"m1\",\"moderated\":true,"
                + "\"roomId\":\"r1\",\"senderId\":\"u1\",\"seq\":7,\"ts\":\"2026-01-02T03:04:05Z\"}");
        var hiding = new MessageHidden("r1", "m1", 7, Instant.parse("2026-01-02T03:04:06Z"));
        assertThat(json.encodeFrame(hiding)).isEqualTo("{\"type\":\"MESSAGE_HIDDEN\",\"hiddenAt\":\"2026-01-02T03:04:06Z\","
                + "\"messageId\":\"m1\",\"roomId\":\"r1\",\"seq\":7}");
        var restored = new MessageRestored("r1", "m1", 7, "u1", "back", "u9", Instant.parse("2026-01-02T03:04:07Z"));
        for (var frame : List.of(hidden, hiding, restored)) {
            assertThat(json.decodeServerFrame(json.encodeFrame(frame))).isEqualTo(frame);
        }
        var flagged = EventEnvelope.wrap(new MessageFlaggedV1("m1", "r1", 7, "u1", "word: spam", 0.93, "rules", true,
                Instant.parse("2026-01-02T03:04:06Z")), "eu", Instant.parse("2026-01-02T03:04:06Z"));
        var restoredEvent = EventEnvelope.wrap(new MessageRestoredV1("m1", "r1", 7, "u1", null, "sealed", "u9",
                Instant.parse("2026-01-02T03:04:07Z")), "eu", Instant.parse("2026-01-02T03:04:07Z"));
        assertThat(json.encodeEvent(flagged)).contains("\"eventType\":\"chat.message.flagged.v1\"", "\"score\":0.93");
        assertThat(json.decodeEvent(json.encodeEvent(flagged))).isEqualTo(flagged);
        assertThat(json.decodeEvent(json.encodeEvent(restoredEvent))).isEqualTo(restoredEvent);
    }

    @Test
    void fieldOrderUnknownFieldsAndNumbersAsTextAreAccepted() {
        assertThat(json.decodeClientFrame("{\"afterSeq\":\"41\",\"extra\":{\"a\":[1,2]},\"roomId\":\"r1\",\"type\":\"SUBSCRIBE\"}"))
                .isEqualTo(new Subscribe("r1", 41L));
        assertThat(json.decodeClientFrame("{\"type\":\"SUBSCRIBE\",\"roomId\":\"r1\",\"afterSeq\":null}"))
                .isEqualTo(new Subscribe("r1", null));
        assertRefused("{\"type\":\"SUBSCRIBE\",\"roomId\":\"r1\",\"afterSeq\":1.5}", ErrorCode.INVALID_FIELD);
        assertRefused("{\"type\":\"SUBSCRIBE\",\"roomId\":7}", ErrorCode.INVALID_FIELD);
        assertRefused("{\"type\":7}", ErrorCode.UNKNOWN_TYPE);
        assertRefused("{\"type\":\"PING\"} {}", ErrorCode.MALFORMED_FRAME);
    }

    @Test
    void anEnvelopeCarriesTheTraceItContinuesOnlyWhenItHasOne() {
        var receipt = new ReceiptV1("r1", "u1", 3, Instant.parse("2026-01-02T03:04:05Z"));
        var untraced = new EventEnvelope("e1", "chat.receipt.v1", Instant.parse("2026-01-02T03:04:05Z"), "eu", receipt);
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

        assertThat(json.encodeEvent(untraced)).doesNotContain("traceparent");
        String traced = json.encodeEvent(untraced.tracedBy(traceparent));
        assertThat(traced).contains("\"traceparent\":\"" + traceparent + "\"");
        assertThat(json.decodeEvent(traced).traceparent()).isEqualTo(traceparent);
        assertThat(json.decodeEvent(traced).payload()).isEqualTo(receipt);
    }

    @Test
    void anEnvelopeIsReadWhateverTheOrderOfItsFields() {
        String text = "{\"payload\":{\"seq\":3,\"roomId\":\"r1\",\"userId\":\"u1\",\"readAt\":\"2026-01-02T03:04:05Z\"},"
                + "\"region\":\"eu\",\"occurredAt\":\"2026-01-02T03:04:05Z\",\"eventType\":\"chat.receipt.v1\",\"eventId\":\"e1\"}";

        assertThat(json.decodeEvent(text)).isEqualTo(new EventEnvelope("e1", "chat.receipt.v1", Instant.parse("2026-01-02T03:04:05Z"),
                "eu", new ReceiptV1("r1", "u1", 3, Instant.parse("2026-01-02T03:04:05Z"))));
        assertThatThrownBy(() -> json.decodeEvent("{\"eventType\":\"chat.receipt.v1\",\"payload\":{\"seq\":\"x\"}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seq");
        assertThatThrownBy(() -> json.decodeEvent("not json")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void framesAreWrittenAsJsonBWritesThem() {
        var jsonb = jakarta.json.bind.JsonbBuilder.create(new jakarta.json.bind.JsonbConfig().withNullValues(false));
        var message = new MessageDelivered("r1", "m1", 7, "u1", "a \"b\" \\ c\n", "m0", Instant.parse("2026-01-02T03:04:05.123Z"),
                null, null, null);
        var envelope = EventEnvelope.wrap(new MessageSentV1("m1", "r1", "u1", "c1", "hi ✓", null,
                Instant.parse("2026-01-02T03:04:05.678Z"), 9L), "eu", Instant.parse("2026-01-02T03:04:05.679Z"));

        assertThat(json.encodeFrame(message)).isEqualTo("{\"type\":\"MESSAGE\"," + jsonb.toJson(message).substring(1));
        assertThat(json.encodeEvent(envelope)).isEqualTo(jsonb.toJson(envelope));
    }

    private void assertRefused(String text, ErrorCode code) {
        assertThatThrownBy(() -> json.decodeClientFrame(text))
                .isInstanceOf(ChatException.class)
                .satisfies(e -> assertThat(((ChatException) e).code()).isEqualTo(code));
    }
}
