package dev.chat.platform.kafka;

import dev.chat.api.codec.ChatJson;
import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.event.EventEnvelope;
import dev.chat.api.event.RoomEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Appends events to a room's timeline: topic {@code chat.messages}, key = roomId (acks=all,
 * idempotent producer: see the channel's MP Config). Every kind of room event reaches Kafka
 * through here and the channel's one emitter, in {@link OutageBuffer}. New messages ride out a Kafka outage in the
 * {@link OutageBuffer}; other events (edits, deletes, reactions, receipts) change stored state in
 * a transaction and fail with {@code NOT_DURABLE} instead (the client retries them).
 */
@ApplicationScoped
public class RoomEventLog {
    private static final Logger LOG = Logger.getLogger(RoomEventLog.class.getName());

    @Inject
    @ConfigProperty(name = "chat.region")
    String region;

    @Inject
    @ConfigProperty(name = "chat.kafka.ack-timeout-ms") // default in microprofile-config.properties (read by three beans)
    long ackTimeoutMs;

    @Inject
    OutageBuffer outageBuffer;

    /**
     * A new message: sent to Kafka, or held on this node while Kafka does not take it
     * ({@link OutageBuffer}: bounded, drop-oldest, flushed in order once Kafka is back).
     * {@code traceparent}: the trace its persister continues (null: none).
     */
    public OutageBuffer.Delivery appendMessage(RoomEvent message, Instant occurredAt, String traceparent) {
        return outageBuffer.send(message.roomId(), ChatJson.instance().encodeEvent(
                EventEnvelope.wrap(message, region, occurredAt).tracedBy(traceparent)), traceparent);
    }

    /** Completes once Kafka acknowledged the event; fails with {@code NOT_DURABLE} otherwise. */
    public <E extends RoomEvent> CompletionStage<E> append(E event, Instant occurredAt) {
        return outageBuffer.sendWithoutHolding(event.roomId(), encode(event, occurredAt))
                .handle((acknowledged, failure) -> {
                    if (failure != null) {
                        LOG.log(Level.WARNING, "Kafka did not take {0} of room {1}: {2}",
                                new Object[]{event.getClass().getSimpleName(), event.roomId(), failure.toString()});
                        throw notDurable();
                    }
                    return event;
                });
    }

    /**
     * Appends and waits for Kafka's acknowledgement, for changes made in a database transaction:
     * the caller's transaction commits only if the event is durable, and rolls back (the
     * {@code ChatException} is an application exception with rollback) if it is not.
     */
    public <E extends RoomEvent> E appendAndWait(E event, Instant occurredAt) {
        return awaitAppended(event, append(event, occurredAt).toCompletableFuture());
    }

    /** Waits for {@code event}'s {@link #append} as {@link #appendAndWait} does: several appended first, then awaited, share the wait. */
    public <E extends RoomEvent> E awaitAppended(E event, CompletableFuture<E> appended) {
        try {
            return appended.get(ackTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof ChatException chat ? chat : notDurable();
        } catch (TimeoutException e) {
            LOG.log(Level.WARNING, "Kafka did not acknowledge {0} of room {1} within {2} ms",
                    new Object[]{event.getClass().getSimpleName(), event.roomId(), ackTimeoutMs});
            throw notDurable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notDurable();
        }
    }

    private String encode(RoomEvent event, Instant occurredAt) {
        return ChatJson.instance().encodeEvent(EventEnvelope.wrap(event, region, occurredAt));
    }

    private static ChatException notDurable() {
        return new ChatException(ErrorCode.NOT_DURABLE, "not stored right now (Kafka unavailable), try again");
    }
}
