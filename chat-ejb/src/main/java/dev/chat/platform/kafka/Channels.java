package dev.chat.platform.kafka;

/**
 * Names of the Reactive Messaging channels; their Kafka settings (topic, group, serializers,
 * acks) are MP Config keys {@code mp.messaging.<direction>.<channel>.*} in
 * {@code META-INF/microprofile-config.properties}, overridable per deployment.
 */
public final class Channels {
    /** Outgoing: message events to topic {@code chat.messages}, key = roomId. */
    public static final String MESSAGES_OUT = "messages-out";
    /** Incoming, group {@code chat-persister}: every message event, to store it once. */
    public static final String MESSAGES_PERSIST = "messages-persist";
    /** Outgoing: message events after storing, with their room seq, to topic {@code chat.messages.stored} (the durable stream of stored events; nodes get them by interest over Redis). */
    public static final String MESSAGES_STORED = "messages-stored";

    /** Outgoing: room membership events to topic {@code chat.rooms}, key = roomId. */
    public static final String ROOMS_OUT = "rooms-out";
    /** Incoming, group {@code chat-rooms-<nodeId>}: every membership event, to update this node's cache and sessions. */
    public static final String ROOMS_FANOUT = "rooms-fanout";

    /** Outgoing: presence transitions to topic {@code chat.presence}, key = userId. */
    public static final String PRESENCE_OUT = "presence-out";
    /** Incoming, group {@code chat-presence-<nodeId>}: every presence transition, to push to this node's sessions. */
    public static final String PRESENCE_FANOUT = "presence-fanout";

    /** Incoming, group {@code chat-notifier}: the stored messages, to decide whom to notify. */
    public static final String MESSAGES_NOTIFY = "messages-notify";
    /** Outgoing: notifications to topic {@code chat.notifications}, key = userId. */
    public static final String NOTIFICATIONS_OUT = "notifications-out";
    /** Incoming, group {@code chat-notification-delivery}: notifications, to send them as digests. */
    public static final String NOTIFICATIONS_DELIVER = "notifications-deliver";

    /** Incoming, group {@code chat-moderation}: the stored messages and edits, to classify them (docs/moderation.md). */
    public static final String MESSAGES_MODERATE = "messages-moderate";

    /** Outgoing: this region's catalogue changes to topic {@code chat.catalogue}, one partition's key (docs/regions.md). */
    public static final String CATALOGUE_OUT = "catalogue-out";
    /** Incoming, group {@code chat-catalogue}: other regions' catalogue changes ({@code <region>.chat.catalogue}), to apply them here. */
    public static final String CATALOGUE_APPLY = "catalogue-apply";

    /** Outgoing: records that can never be processed, to topic {@code chat.dlq} ({@link DeadLetters}). */
    public static final String DEAD_LETTERS = "dead-letters";

    private Channels() {
    }
}
