package dev.chat.message.boundary;

import dev.chat.platform.persistence.DatabaseClock;
import dev.chat.api.codec.ChatJson;
import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.event.EventEnvelope;
import dev.chat.api.event.MessageSentV1;
import dev.chat.api.frame.SendMessage;
import dev.chat.message.control.ClientMessageIds;
import dev.chat.message.control.MessageIds;
import dev.chat.platform.kafka.Channels;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Accepts a message: gives it an id and publishes {@code chat.message.sent.v1} with key = roomId
 * (one partition per room keeps the room's order). The returned stage completes when Kafka has
 * acknowledged the record (acks=all, idempotent producer: see the channel's MP Config), and only
 * then may the sender be told its message is safe; it fails with {@code NOT_DURABLE} otherwise.
 */
@ApplicationScoped
public class MessagePublisher {
    private static final Logger LOG = Logger.getLogger(MessagePublisher.class.getName());

    @Inject
    @Channel(Channels.MESSAGES_OUT)
    Emitter<String> messages;

    @Inject
    @ConfigProperty(name = "chat.region")
    String region;

    @Inject
    ClientMessageIds clientMessageIds;

    /**
     * A resend of the same {@code clientMsgId} by the same sender gets the message id of the first
     * send ({@link ClientMessageIds}), and is published again under it: the persister stores it
     * once and sessions receive it once.
     */
    public CompletionStage<MessageSentV1> publish(String senderId, SendMessage send) {
        return clientMessageIds.reserve(senderId, send.clientMsgId(), MessageIds.next())
                .exceptionally(redisDown -> {
                    // Without Redis a resend cannot be recognised; the message itself must not be refused for that.
                    LOG.log(Level.WARNING, "clientMsgId reservation failed, sending without idempotency: {0}", redisDown.toString());
                    return MessageIds.next();
                })
                .thenCompose(messageId -> publish(messageId, senderId, send));
    }

    private CompletionStage<MessageSentV1> publish(String messageId, String senderId, SendMessage send) {
        Instant now = DatabaseClock.now();
        var event = new MessageSentV1(messageId, send.roomId(), senderId, send.clientMsgId(),
                send.content(), send.replyTo(), now, null);
        String value = ChatJson.instance().encodeEvent(EventEnvelope.wrap(event, region, now));
        var durable = new CompletableFuture<MessageSentV1>();
        Message<String> record = Message.of(value,
                Metadata.of(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.roomId()).build()),
                () -> {
                    durable.complete(event);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    LOG.log(Level.WARNING, "Kafka did not acknowledge message {0} of room {1}: {2}",
                            new Object[]{event.messageId(), event.roomId(), failure.toString()});
                    durable.completeExceptionally(new ChatException(ErrorCode.NOT_DURABLE,
                            "message not stored, resend it with the same clientMsgId"));
                    return CompletableFuture.completedFuture(null);
                });
        try {
            messages.send(record);
        } catch (RuntimeException e) {
            // The emitter refuses when its buffer is full or the channel is down.
            LOG.log(Level.WARNING, "Message channel refused message of room {0}: {1}", new Object[]{event.roomId(), e.toString()});
            durable.completeExceptionally(new ChatException(ErrorCode.NOT_DURABLE,
                    "message not accepted right now, resend it with the same clientMsgId"));
        }
        return durable;
    }
}
