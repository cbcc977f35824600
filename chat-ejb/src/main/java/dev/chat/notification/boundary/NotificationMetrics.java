package dev.chat.notification.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * On this node: {@code chat_notifications_decided_total{when}} (notifications the notifier made:
 * {@code now} for a member not connected, {@code unread_mention} for a connected member's mention
 * left unread), {@code chat_notifications_sent_total{channel}} and
 * {@code chat_notifications_failed_total{channel}} (digests per channel, {@code webpush} per
 * subscription, {@code webhook}; failed: after the last retry, then in {@code chat.dlq}), and
 * {@code chat_notifications_subscriptions_expired_total} (push subscriptions removed on 404/410).
 */
@ApplicationScoped
public class NotificationMetrics {
    static final String WEBPUSH = "webpush";
    static final String WEBHOOK = "webhook";

    @Inject
    MetricRegistry metrics;

    private Counter decidedNow;
    private Counter decidedUnreadMention;
    private Counter sentWebPush;
    private Counter sentWebhook;
    private Counter failedWebPush;
    private Counter failedWebhook;
    private Counter expired;

    @PostConstruct
    void register() {
        Metadata decided = Metadata.builder().withName("chat_notifications_decided")
                .withDescription("Notifications the notifier decided to make, by when").build();
        decidedNow = metrics.counter(decided, new Tag("when", "now"));
        decidedUnreadMention = metrics.counter(decided, new Tag("when", "unread_mention"));
        Metadata sent = Metadata.builder().withName("chat_notifications_sent")
                .withDescription("Notification digests a delivery channel took (webpush: per subscription)").build();
        sentWebPush = metrics.counter(sent, new Tag("channel", WEBPUSH));
        sentWebhook = metrics.counter(sent, new Tag("channel", WEBHOOK));
        Metadata failed = Metadata.builder().withName("chat_notifications_failed")
                .withDescription("Notification digests a delivery channel did not take after the last retry").build();
        failedWebPush = metrics.counter(failed, new Tag("channel", WEBPUSH));
        failedWebhook = metrics.counter(failed, new Tag("channel", WEBHOOK));
        expired = metrics.counter(Metadata.builder().withName("chat_notifications_subscriptions_expired")
                .withDescription("Push subscriptions removed because their push service said they are gone").build());
    }

    void decided(int now, int unreadMentions) {
        decidedNow.inc(now);
        decidedUnreadMention.inc(unreadMentions);
    }

    void sent(String channel) {
        (WEBPUSH.equals(channel) ? sentWebPush : sentWebhook).inc();
    }

    void failed(String channel) {
        (WEBPUSH.equals(channel) ? failedWebPush : failedWebhook).inc();
    }

    void expired() {
        expired.inc();
    }
}
