package dev.chat.connection.boundary;

import dev.chat.auth.boundary.Accounts;
import dev.chat.auth.control.AccessTokenVerifier;
import dev.chat.connection.control.RoomSubscriptions;
import dev.chat.connection.control.SessionIdleTimer;
import dev.chat.connection.control.SessionRegistry;
import dev.chat.connection.control.SessionWriters;
import dev.chat.message.boundary.MessagePublisher;
import dev.chat.message.boundary.Messages;
import dev.chat.connection.control.ConnectionMetrics;
import dev.chat.presence.boundary.PresenceTracker;
import dev.chat.room.boundary.RoomMembership;
import dev.chat.connection.control.TracedFrames;
import dev.chat.platform.metrics.Refusals;
import dev.chat.platform.tracing.Tracing;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The beans and settings {@link ChatEndpoint} uses, injected once for all connections. Payara's
 * Tyrus builds a new injection target for every endpoint instance it creates, with an injection
 * point (reflection included) and a creational context per injected field or config value: with
 * these 23 fields on the endpoint that was ~5 KB of live heap per connection (docs/benchmarks.md,
 * {@code connections}); now each endpoint has one. A {@link Singleton}: no client proxy, so the
 * endpoint reads the fields directly.
 */
@Singleton
class EndpointServices {

    @Inject
    MessagePublisher publisher;

    @Inject
    RoomSubscriptions subscriptions;

    @Inject
    SessionRegistry registry;

    @Inject
    RoomMembership membership;

    @Inject
    AccessTokenVerifier tokens;

    @Inject
    Accounts accounts;

    @Inject
    Messages messages;

    @Inject
    RoomActions roomActions;

    @Inject
    PresenceTracker presence;

    @Inject
    TypingRelay typingRelay;

    @Inject
    SessionIdleTimer idleTimer;

    @Inject
    Tracing tracing;

    @Inject
    Refusals refusals;

    @Inject
    TracedFrames tracedFrames;

    /** Most messages one RESUME replays; beyond, the client pages the rest through history (kept below the outbox bound). */
    @Inject
    @ConfigProperty(name = "chat.ws.resume-max-messages")
    int maxReplay;

    @Inject
    @ConfigProperty(name = "chat.ws.max-frame-bytes", defaultValue = "16384")
    int maxFrameBytes;

    /** Above this the container itself closes the connection (1009); between the two we answer TOO_LARGE. */
    @Inject
    @ConfigProperty(name = "chat.ws.max-read-buffer-bytes", defaultValue = "262144")
    int maxReadBufferBytes;

    @Inject
    @ConfigProperty(name = "chat.ws.outbox.max-messages", defaultValue = "1024")
    int outboxMaxMessages;

    @Inject
    @ConfigProperty(name = "chat.ws.outbox.max-bytes", defaultValue = "1048576")
    long outboxMaxBytes;

    /** A client that takes no frame for this long while frames wait for it is closed (1013): it stopped reading. */
    @Inject
    @ConfigProperty(name = "chat.ws.outbox.stall-ms", defaultValue = "10000")
    long outboxStallMs;

    /** For a client that connected with {@code ?batch=true}: most frames, and bytes, one BATCH frame carries. */
    @Inject
    @ConfigProperty(name = "chat.ws.batch.max-frames", defaultValue = "32")
    int batchMaxFrames;

    @Inject
    @ConfigProperty(name = "chat.ws.batch.max-bytes", defaultValue = "65536")
    int batchMaxBytes;

    /** A connection's inbound frames: this many per second, after a burst of {@link #inboundBurst}; 0 = no limit. */
    @Inject
    @ConfigProperty(name = "chat.ws.inbound.frames-per-second", defaultValue = "20")
    double inboundPerSecond;

    @Inject
    @ConfigProperty(name = "chat.ws.inbound.burst", defaultValue = "100")
    int inboundBurst;

    @Inject
    SessionWriters writers;

    @Inject
    RoomOrdering roomOrdering;

    @Inject
    ConnectionMetrics connectionMetrics;
}
