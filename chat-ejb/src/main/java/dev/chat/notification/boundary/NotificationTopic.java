package dev.chat.notification.boundary;

import dev.chat.api.codec.ChatJson;
import dev.chat.api.event.EventEnvelope;
import dev.chat.api.event.NotificationV1;
import dev.chat.platform.kafka.Channels;
import dev.chat.platform.kafka.KeyedRecords;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Topic {@code chat.notifications} (key = userId, so a user's notifications keep their order and meet in one digest). */
@ApplicationScoped
public class NotificationTopic {

    @Inject
    @Channel(Channels.NOTIFICATIONS_OUT)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
    Emitter<String> notifications;

    @Inject
    @ConfigProperty(name = "chat.kafka.ack-timeout-ms")
    long ackTimeoutMs;

    @Inject
    @ConfigProperty(name = "chat.region")
    String region;

    /** Sends them all and returns once Kafka acknowledged every one; throws otherwise (the caller's transaction rolls back). */
    void sendAll(List<NotificationV1> batch) {
        if (batch.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        CompletableFuture<?>[] sent = batch.stream().map(notification -> KeyedRecords.send(notifications, notification.userId(),
                ChatJson.instance().encodeEvent(EventEnvelope.wrap(notification, region, now))).toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(sent).get(ackTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not take " + batch.size() + " notifications", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending notifications", e);
        }
    }
}
