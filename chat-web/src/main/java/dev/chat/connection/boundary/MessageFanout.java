package dev.chat.connection.boundary;

import dev.chat.api.codec.ChatJson;
import dev.chat.api.event.EventEnvelope;
import dev.chat.api.event.MessageSentV1;
import dev.chat.api.frame.MessageDelivered;
import dev.chat.connection.control.RoomSubscriptions;
import dev.chat.platform.kafka.Channels;
import dev.chat.platform.kafka.EventRecords;
import dev.chat.room.boundary.RoomMembership;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;


/**
 * This node's consumer of the message topic (group {@code chat-fanout-<nodeId>}): turns each
 * event into one frame, encoded once, and queues it for the node's sessions subscribed to the
 * room. It only enqueues, so it never blocks the Kafka thread.
 */
@ApplicationScoped
public class MessageFanout {
    @Inject
    RoomSubscriptions subscriptions;

    @Inject
    RoomMembership membership;

    @Incoming(Channels.MESSAGES_FANOUT)
    public void deliver(String value) {
        var event = EventRecords.decode(value, "chat-fanout").map(EventEnvelope::payload).orElse(null);
        if (event instanceof MessageSentV1 sent) {
            var frame = new MessageDelivered(sent.roomId(), sent.messageId(), sent.senderId(), sent.content(),
                    sent.replyTo(), sent.sentAt());
            var members = membership.rolesIn(sent.roomId());
            subscriptions.deliver(sent.roomId(), ChatJson.instance().encodeFrame(frame), members::containsKey);
        }
    }
}
