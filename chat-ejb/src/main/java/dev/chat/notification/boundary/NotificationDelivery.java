package dev.chat.notification.boundary;

import dev.chat.api.codec.ChatJson;
import dev.chat.api.event.NotificationV1;
import dev.chat.api.rest.NotificationDigest;
import dev.chat.notification.control.Digests;
import dev.chat.notification.control.NotificationDecisions;
import dev.chat.notification.control.Retries;
import dev.chat.notification.control.WebPushSender;
import dev.chat.notification.control.WebhookSender;
import dev.chat.platform.concurrent.ApplicationThreads;
import dev.chat.platform.startup.StartsWithApplication;
import dev.chat.platform.kafka.Channels;
import dev.chat.platform.kafka.DeadLetters;
import dev.chat.platform.persistence.DatabaseClock;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Consumer group {@code chat-notification-delivery} on {@code chat.notifications}: gathers each
 * user's notifications for {@code chat.notifications.digest-window-ms} from the first one, then
 * sends them as one digest to each of the user's Web Push subscriptions and to the webhook, each
 * with retries and backoff; a channel that still fails after the last attempt sends the digest's
 * records to {@code chat.dlq}. A record is acknowledged (its offset may be committed) only once its
 * digest is settled, so a crash means redelivery, and {@code delivered_at} in the decisions table
 * keeps a redelivered notification from being sent twice. At most {@code chat.notifications.max-pending}
 * notifications wait in memory; beyond, the consumer waits for digests to go out.
 */
@ApplicationScoped
public class NotificationDelivery implements StartsWithApplication {
    private static final Logger LOG = Logger.getLogger(NotificationDelivery.class.getName());
    private static final long RETRY_AFTER_FAILURE_MS = 5_000;

    @Inject
    NotificationDecisions decisions;

    @Inject
    PushSubscriptions subscriptions;

    @Inject
    WebPushSender webPush;

    @Inject
    WebhookSender webhook;

    @Inject
    NotificationMetrics metrics;

    @Inject
    DeadLetters deadLetters;

    @Inject
    ApplicationThreads threads;

    /** Digest windows and retries: on a timer of its own, created with the application ({@link StartsWithApplication}). */
    private ScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "chat.notifications.digest-window-ms", defaultValue = "3000")
    long digestWindowMs;

    @Inject
    @ConfigProperty(name = "chat.notifications.max-pending", defaultValue = "10000")
    int maxPending;

    @Inject
    @ConfigProperty(name = "chat.notifications.max-attempts", defaultValue = "5")
    int maxAttempts;

    @Inject
    @ConfigProperty(name = "chat.notifications.first-backoff-ms", defaultValue = "1000")
    long firstBackoffMs;

    @Inject
    @ConfigProperty(name = "chat.notifications.include-content", defaultValue = "true")
    boolean includeContent;

    private enum Outcome { TOOK, GONE, FAILED }

    /** One user's notifications waiting for their digest, with the records to acknowledge after it. */
    private record Pending(String userId, List<NotificationV1> notifications, List<Message<String>> records) {
    }

    @PostConstruct
    void createTimer() {
        scheduler = threads.timer("notification-digests");
    }

    private final Map<String, Pending> pending = new HashMap<>();
    private int pendingCount;
    private CompletableFuture<Void> space;

    @Incoming(Channels.NOTIFICATIONS_DELIVER)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> receive(Message<String> record) {
        NotificationV1 notification;
        try {
            if (!(ChatJson.instance().decodeEvent(record.getPayload()).payload() instanceof NotificationV1 decoded)) {
                return deadLetter(List.of(record), "not a notification").thenCompose(sent -> record.ack());
            }
            notification = decoded;
        } catch (RuntimeException notAnEvent) {
            return deadLetter(List.of(record), "not a chat event: " + notAnEvent.getMessage()).thenCompose(sent -> record.ack());
        }
        synchronized (this) {
            Pending waiting = pending.get(notification.userId());
            if (waiting == null) {
                waiting = new Pending(notification.userId(), new ArrayList<>(), new ArrayList<>());
                pending.put(notification.userId(), waiting);
                String userId = notification.userId();
                scheduler.schedule(() -> flush(userId), digestWindowMs, TimeUnit.MILLISECONDS);
            }
            waiting.notifications().add(notification);
            waiting.records().add(record);
            if (++pendingCount >= maxPending) {
                if (space == null) {
                    space = new CompletableFuture<>();
                }
                return space; // the next record waits until digests went out
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    /** The window of a user's digest ended: on a managed thread, with the application's context. */
    private void flush(String userId) {
        Pending digest;
        synchronized (this) {
            digest = pending.remove(userId);
        }
        if (digest != null) {
            deliver(digest);
        }
    }

    private void deliver(Pending digest) {
        CompletionStage<Void> settled;
        try {
            settled = send(digest);
        } catch (RuntimeException e) {
            // the database is not answering: the same digest again later (its records stay unacknowledged)
            LOG.log(Level.WARNING, "Could not prepare the notification digest of user " + digest.userId() + ", retrying in "
                    + RETRY_AFTER_FAILURE_MS + " ms", e);
            scheduler.schedule(() -> deliver(digest), RETRY_AFTER_FAILURE_MS, TimeUnit.MILLISECONDS);
            return;
        }
        settled.whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.log(Level.WARNING, "Could not settle the notification digest of user " + digest.userId() + ", retrying in "
                        + RETRY_AFTER_FAILURE_MS + " ms", failure);
                scheduler.schedule(() -> deliver(digest), RETRY_AFTER_FAILURE_MS, TimeUnit.MILLISECONDS);
                return;
            }
            digest.records().forEach(Message::ack);
            released(digest.records().size());
        });
    }

    /** Sends the digest on every channel; completes once each took it, refused it, or failed for good. */
    private CompletionStage<Void> send(Pending digest) {
        if (!webPush.enabled() && !webhook.enabled()) {
            return CompletableFuture.completedFuture(null); // no channel configured: decided, and nowhere to go
        }
        List<NotificationDecisions.Item> items = decisions.toDeliver(digest.notifications());
        if (items.isEmpty()) {
            return CompletableFuture.completedFuture(null); // read meanwhile, deleted, or sent before a redelivery
        }
        NotificationDigest content = Digests.of(digest.userId(), items, includeContent);
        byte[] json = ChatJson.instance().encodeBody(content).getBytes(StandardCharsets.UTF_8);
        Map<String, CompletableFuture<Outcome>> channels = new HashMap<>();
        if (webPush.enabled()) {
            for (WebPushSender.Subscription subscription : subscriptions.ofUsers(List.of(digest.userId())).getOrDefault(digest.userId(), List.of())) {
                channels.put("webpush " + subscription.id(), push(subscription, json, content.id()));
            }
        }
        if (webhook.enabled()) {
            channels.put(NotificationMetrics.WEBHOOK, attempt(NotificationMetrics.WEBHOOK, () -> webhook.send(content.id(), json)));
        }
        if (channels.isEmpty()) {
            return CompletableFuture.completedFuture(null); // no subscription and no webhook: nothing to send to
        }
        return CompletableFuture.allOf(channels.values().toArray(CompletableFuture[]::new)).thenComposeAsync(all -> {
            List<String> failed = channels.entrySet().stream().filter(channel -> channel.getValue().join() == Outcome.FAILED)
                    .map(Map.Entry::getKey).toList();
            if (channels.values().stream().anyMatch(outcome -> outcome.join() == Outcome.TOOK)) {
                decisions.delivered(items, DatabaseClock.now());
            }
            return failed.isEmpty() ? CompletableFuture.completedFuture(null)
                    : deadLetter(digest.records(), String.join(", ", failed) + ": no success after " + maxAttempts + " attempts (digest "
                    + content.id() + ")");
        }, threads);
    }

    private CompletableFuture<Outcome> push(WebPushSender.Subscription subscription, byte[] json, String topic) {
        return attempt(NotificationMetrics.WEBPUSH, () -> webPush.send(subscription, json, topic)).thenApplyAsync(outcome -> {
            if (outcome == Outcome.GONE) {
                subscriptions.gone(subscription.id());
                metrics.expired();
            }
            return outcome;
        }, threads);
    }

    private CompletableFuture<Outcome> attempt(String channel, Supplier<CompletionStage<Void>> send) {
        return Retries.withBackoff(send, maxAttempts, firstBackoffMs, scheduler).handle((done, failure) -> {
            if (failure == null) {
                metrics.sent(channel);
                return Outcome.TOOK;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof WebPushSender.SubscriptionGone) {
                return Outcome.GONE;
            }
            metrics.failed(channel);
            LOG.log(Level.WARNING, "A notification digest failed on {0}: {1}", new Object[]{channel, cause.getMessage()});
            return Outcome.FAILED;
        }).toCompletableFuture();
    }

    private CompletionStage<Void> deadLetter(List<Message<String>> records, String reason) {
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (Message<String> record : records) {
            @SuppressWarnings("unchecked")
            ConsumerRecord<String, String> source = record.getMetadata(IncomingKafkaRecordMetadata.class)
                    .map(metadata -> (ConsumerRecord<String, String>) metadata.getRecord()).orElse(null);
            if (source != null) {
                sent.add(deadLetters.send(source, reason).toCompletableFuture());
            }
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
    }

    private void released(int count) {
        CompletableFuture<Void> freed = null;
        synchronized (this) {
            pendingCount -= count;
            if (space != null && pendingCount < maxPending) {
                freed = space;
                space = null;
            }
        }
        if (freed != null) {
            freed.complete(null);
        }
    }
}
