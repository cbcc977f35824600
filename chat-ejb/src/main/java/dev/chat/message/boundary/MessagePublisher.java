package dev.chat.message.boundary;

import dev.chat.platform.persistence.DatabaseClock;
import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.event.MessageSentV1;
import dev.chat.api.frame.SendMessage;
import dev.chat.attachment.boundary.Attachments;
import dev.chat.crypto.boundary.Contents;
import dev.chat.message.control.ClientMessageIds;
import dev.chat.message.control.ContentPolicy;
import dev.chat.platform.kafka.RoomEventLog;
import dev.chat.ratelimit.boundary.SendRateLimit;
import dev.chat.message.control.MessageIds;
import dev.chat.message.control.MessageStore;
import dev.chat.message.control.SendAdmission;
import dev.chat.message.entity.ChatMessage;
import dev.chat.platform.concurrent.ApplicationThreads;
import dev.chat.room.boundary.RoomMembership;
import jakarta.enterprise.context.ApplicationScoped;
import dev.chat.platform.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Accepts a message: checks its content, gives it an id and appends {@code chat.message.sent.v1}
 * to the room's timeline ({@link RoomEventLog}). The returned stage completes when Kafka has
 * acknowledged the record, and only then may the sender be told its message is safe; it fails
 * with {@code NOT_DURABLE} otherwise.
 */
@ApplicationScoped
public class MessagePublisher {
    private static final Logger LOG = Logger.getLogger(MessagePublisher.class.getName());

    @Inject
    RoomEventLog timeline;

    @Inject
    MessageMetrics metrics;

    @Inject
    MessageStore store;

    @Inject
    ClientMessageIds clientMessageIds;

    @Inject
    ContentPolicy contentPolicy;

    @Inject
    SendAdmission admission;

    @Inject
    ApplicationThreads threads;

    @Inject
    RoomMembership membership;

    @Inject
    Messages messages;

    @Inject
    Attachments attachments;

    @Inject
    Contents contents;

    @Inject
    Tracing tracing;

    /**
     * A message on its way: {@code appended} completes once it was handed to Kafka (successfully
     * or not); {@code held} if Kafka is out and the node holds it ({@link dev.chat.platform.kafka.OutageBuffer});
     * {@code durable} once Kafka acknowledged it (or fails: {@code NOT_DURABLE}, {@code RATE_LIMITED}, …).
     */
    public record Publication(CompletionStage<Void> appended, CompletionStage<MessageSentV1> held,
                              CompletionStage<MessageSentV1> durable) {

        /** Nothing published before: the first message of a connection waits for nothing. */
        public static Publication none() {
            CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
            return new Publication(done, new CompletableFuture<>(), CompletableFuture.completedFuture(null));
        }
    }

    /**
     * What a send must pass before it is published, whatever brought it (a frame, an HTTP
     * request): the sender is a member of the room not silenced in it, and a reply names a message of that room.
     * (The message's own fields are checked where it was decoded.)
     */
    public void requireSendable(String senderId, SendMessage send) {
        membership.requireMayPost(send.roomId(), senderId);
        if (send.replyTo() != null) {
            messages.requireReplyTarget(send.roomId(), send.replyTo());
        }
    }

    /**
     * Publishes a message after {@code previous} (the connection's last message) was handed to
     * Kafka, so that a client sending without waiting for ACKs keeps its order in the room.
     * A resend of the same {@code clientMsgId} by the same sender gets the message id of the first
     * send ({@link ClientMessageIds}): acknowledged at once when that is stored, else published
     * again under it (its first send may never have reached Kafka): the persister stores it once. A sender over their {@link SendRateLimit} gets
     * {@code RATE_LIMITED} (the clientMsgId stays reserved, so the retry is the same message);
     * the reservation and the permit are one Redis round trip ({@link ClientMessageIds#reserve}).
     * {@code traced}: the span of the request or frame that sends it (invalid: not traced); its
     * trace goes on through the Redis call and the Kafka send to the persister and every fan-out.
     */
    public Publication publish(String senderId, SendMessage send, Publication previous, Span traced) {
        long received = System.nanoTime();
        contentPolicy.requireWithinLimit(send.content(), !send.attachments().isEmpty());
        admission.admit(); // OVERLOADED when the node is behind: refused at once, nothing reserved
        var appended = new CompletableFuture<Void>();
        var held = new CompletableFuture<MessageSentV1>();
        // reservation and permit in one script, after the previous message, so that of a burst the messages beyond
        // the budget are refused, not random ones; then off the Redis client's thread, onto threads that carry the
        // application's context (beans created on a client thread find no MP Config)
        String candidate = MessageIds.next();
        CompletionStage<MessageSentV1> durable = previous.appended()
                .thenCompose(ignored -> reserve(senderId, send, candidate, traced))
                .thenComposeAsync(messageId -> {
                    try {
                        // a resend of a message stored already is acknowledged as it is: published again, it would be
                        // forwarded again, to sessions of a node that no longer remembers having delivered it
                        ChatMessage stored = messageId.equals(candidate) ? null : store.find(messageId);
                        return stored == null ? append(messageId, senderId, send, held, traced) : storedAlready(stored, send);
                    } finally {
                        appended.complete(null);
                    }
                }, threads);
        // a place in flight ends with Kafka's answer, or when the outage buffer holds the message (its own bound counts it then)
        var released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                admission.release();
            }
        };
        held.thenRun(release);
        durable.whenComplete((sent, failure) -> {
            release.run();
            appended.complete(null); // never hold up the next message
            if (failure == null) {
                metrics.acknowledged(received);
            }
        });
        return new Publication(appended, held, durable);
    }

    /**
     * Why a publication failed, as the refusal its sender gets: the business's own refusal,
     * {@code OVERLOADED} when the node's threads are saturated (the client retries later), else
     * {@code NOT_DURABLE} (logged: the client resends with the same key).
     */
    public ChatException refusalOf(Throwable failure, String senderId, String clientMsgId) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof ChatException refused) {
            return refused;
        }
        if (cause instanceof RejectedExecutionException) {
            return admission.overloaded("its threads are saturated");
        }
        LOG.log(Level.WARNING, "Message " + clientMsgId + " of user " + senderId + " failed", cause);
        return new ChatException(ErrorCode.NOT_DURABLE, "message not accepted (" + cause + "), resend it with the same clientMsgId");
    }

    /** The message's id, reserved for its clientMsgId, with the sender's rate-limit permit: one Redis script. */
    private CompletionStage<String> reserve(String senderId, SendMessage send, String candidate, Span traced) {
        Span reserving = tracing.child(traced, "redis reserve", SpanKind.CLIENT);
        return clientMessageIds.reserve(senderId, send, candidate).whenComplete((messageId, failure) -> {
            if (failure == null) {
                reserving.end();
            } else {
                Tracing.failed(reserving, failure);
            }
        });
    }

    /** Durable already; never "held" (that is a message the outage buffer keeps, not yet durable). */
    private static CompletionStage<MessageSentV1> storedAlready(ChatMessage stored, SendMessage send) {
        return CompletableFuture.completedFuture(new MessageSentV1(stored.messageId(), stored.roomId(), stored.senderId(), send.clientMsgId(),
                send.content(), send.replyTo(), stored.sentAt(), stored.seq()));
    }

    private CompletionStage<MessageSentV1> append(String messageId, String senderId, SendMessage send,
                                                  CompletableFuture<MessageSentV1> held, Span traced) {
        // on an application thread, never the socket's: the files' rows are read from the database
        var files = attachments.requireSendable(senderId, send.roomId(), messageId, send.attachments());
        Instant now = DatabaseClock.now();
        // sealed here, before Kafka: no topic ever holds the plain text (docs/privacy.md)
        var event = contents.sealing() && send.content() != null
                ? MessageSentV1.sealed(messageId, send.roomId(), senderId, send.clientMsgId(),
                contents.sealMessage(senderId, messageId, send.content()), send.replyTo(), now, files)
                : new MessageSentV1(messageId, send.roomId(), senderId, send.clientMsgId(), send.content(), send.replyTo(), now, null, files);
        if (traced.isRecording()) {
            traced.setAttribute(Tracing.ROOM_ID, send.roomId()).setAttribute(Tracing.MESSAGE_ID, messageId);
        }
        Span publishing = tracing.child(traced, "chat.messages publish", SpanKind.PRODUCER);
        var delivery = timeline.appendMessage(event, now, Tracing.traceparent(publishing));
        delivery.held().thenRun(() -> held.complete(event));
        delivery.durable().whenComplete((ignored, failure) -> {
            if (failure == null) {
                publishing.end();
            } else {
                Tracing.failed(publishing, failure);
            }
        });
        return delivery.durable().thenApply(ignored -> event);
    }
}
