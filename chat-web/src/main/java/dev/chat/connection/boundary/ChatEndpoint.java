package dev.chat.connection.boundary;

import dev.chat.api.codec.ChatJson;
import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.frame.Ack;
import dev.chat.api.frame.ClientFrame;
import dev.chat.api.frame.ErrorFrame;
import dev.chat.api.frame.Ping;
import dev.chat.api.frame.Pong;
import dev.chat.api.frame.Reauth;
import dev.chat.api.frame.Resume;
import dev.chat.api.frame.SendMessage;
import dev.chat.api.frame.ServerFrame;
import dev.chat.api.frame.Subscribe;
import dev.chat.api.frame.Subscribed;
import dev.chat.api.frame.Typing;
import dev.chat.auth.boundary.Accounts;
import dev.chat.auth.control.AccessTokenVerifier;
import dev.chat.auth.entity.ChatPrincipal;
import dev.chat.api.rest.MessageView;
import dev.chat.connection.control.ConnectedSession;
import dev.chat.connection.control.ConnectionsPerAddress;
import dev.chat.connection.control.InboundBudget;
import dev.chat.connection.control.MessageFrames;
import dev.chat.connection.control.RoomSubscriptions;
import dev.chat.connection.control.SessionIdleTimer;
import dev.chat.connection.control.SessionOutbox;
import dev.chat.connection.control.SessionRegistry;
import dev.chat.platform.metrics.ConnectionMetrics;
import dev.chat.connection.control.SessionWriters;
import dev.chat.message.boundary.MessagePublisher;
import dev.chat.message.boundary.Messages;
import dev.chat.message.control.SendAdmission;
import dev.chat.presence.boundary.PresenceTracker;
import dev.chat.room.boundary.RoomMembership;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code /ws/chat}: one instance per connection. The user was authenticated at the handshake
 * ({@link HandshakeAuthenticationFilter}); on open the connection receives every room the user
 * is a member of. Reads client frames, answers every bad one with an {@code ERROR} frame (the
 * session stays open), checks membership before anything room-scoped, and sends everything
 * through the session's outbox, never directly.
 */
@ServerEndpoint("/ws/chat")
public class ChatEndpoint {
    private static final Logger LOG = Logger.getLogger(ChatEndpoint.class.getName());

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

    @EJB
    Accounts accounts;

    @EJB
    Messages messages;

    @Inject
    RoomActions roomActions;

    @Inject
    PresenceTracker presence;

    @Inject
    TypingRelay typingRelay;

    @Inject
    SessionIdleTimer idleTimer;

    /** Most messages one RESUME replays; beyond, the client pages the rest through history (kept below the outbox bound). */
    @Inject
    @ConfigProperty(name = "chat.ws.resume-max-messages", defaultValue = "500")
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
    SendAdmission admission;

    @Inject
    ConnectionMetrics connectionMetrics;

    @Inject
    ConnectionsPerAddress connectionsPerAddress;

    private final ChatJson json = ChatJson.instance();
    private ConnectedSession connection;
    private InboundBudget inbound;
    /** The connection's last message; the next is appended after it (frames of one session are read one at a time). */
    private MessagePublisher.Publication lastPublication = MessagePublisher.Publication.none();

    @OnOpen
    public void open(Session session) throws IOException {
        if (!(session.getUserPrincipal() instanceof ChatPrincipal principal)) {
            // Only reachable if the handshake filter was bypassed: refuse rather than run anonymous.
            session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "not authenticated"));
            return;
        }
        idleTimer.apply(session); // before anything schedules its idle timer
        session.setMaxTextMessageBufferSize(maxReadBufferBytes);
        var limits = new SessionOutbox.Limits(outboxMaxMessages, outboxMaxBytes, batchMaxFrames, batchMaxBytes);
        connection = new ConnectedSession(session, principal, asksForBatches(session) ? limits : limits.withoutBatches(), writers,
                connectionMetrics::slowConsumerClosed);
        connectionsPerAddress.opened(principal.connectedFrom());
        inbound = inboundPerSecond > 0 ? new InboundBudget(inboundPerSecond, inboundBurst) : null;
        registry.register(connection);
        for (String roomId : membership.roomsOf(principal.userId())) {
            subscriptions.subscribe(roomId, connection.outbox());
        }
        presence.opened(principal.userId(), session.getId());
        LOG.log(Level.FINE, "Session {0} opened for user {1}", new Object[]{session.getId(), principal.userId()});
    }

    @OnMessage
    public void receive(String text) {
        if (connection == null) {
            return;
        }
        connection.received();
        ClientFrame frame;
        try {
            requireWithinFrameLimit(text);
            frame = json.decodeClientFrame(text);
        } catch (ChatException refused) {
            send(ErrorFrame.of(refused, null));
            return;
        }
        long waitMs = inbound == null ? 0 : inbound.take(System.nanoTime());
        if (waitMs > 0) {
            send(ErrorFrame.of(new ChatException(ErrorCode.RATE_LIMITED,
                    "more than " + inboundPerSecond + " frames/s on this connection: this one was not handled", waitMs), clientMsgIdOf(frame)));
            return;
        }
        try {
            handle(frame);
        } catch (ChatException refused) {
            send(ErrorFrame.of(refused, clientMsgIdOf(frame)));
        } catch (RuntimeException bug) {
            LOG.log(Level.SEVERE, "Failed to handle " + frame.getClass().getSimpleName() + " of user " + connection.userId(), bug);
            send(ErrorFrame.of(ErrorCode.INTERNAL, "internal error", clientMsgIdOf(frame)));
        }
    }

    private void handle(ClientFrame frame) {
        if (frame instanceof SendMessage sendMessage) {
            membership.requireMember(sendMessage.roomId(), connection.userId());
            if (sendMessage.replyTo() != null) {
                messages.requireReplyTarget(sendMessage.roomId(), sendMessage.replyTo());
            }
            acceptMessage(sendMessage);
        } else if (frame instanceof Subscribe subscribe) {
            subscribe(subscribe.roomId(), subscribe.afterSeq());
        } else if (frame instanceof Resume resume) {
            subscribe(resume.roomId(), resume.afterSeq());
        } else if (frame instanceof Ping) {
            presence.alive(connection.userId(), List.of(connection.sessionId()));
            send(new Pong(Instant.now()));
        } else if (frame instanceof Typing typing) {
            membership.requireMember(typing.roomId(), connection.userId());
            typingRelay.typing(typing.roomId(), connection.userId());
        } else if (frame instanceof Reauth reauth) {
            reauthenticate(reauth);
        } else if (RoomActions.handles(frame)) {
            roomActions.submit(frame, connection);
        }
    }

    /**
     * Starts the room live first, then replays from the database what came after {@code afterSeq}:
     * whatever is stored after the query arrives live, whatever was stored before is in the
     * query, and the outbox merges the two by seq.
     */
    private void subscribe(String roomId, Long afterSeq) {
        membership.requireMember(roomId, connection.userId());
        subscriptions.subscribe(roomId, connection.outbox());
        if (afterSeq == null) {
            send(new Subscribed(roomId, null, true));
            return;
        }
        List<MessageView> missed = new ArrayList<>();
        connection.outbox().replay(roomId, afterSeq, () -> {
            missed.addAll(messages.missedSince(connection.userId(), roomId, afterSeq, maxReplay + 1));
            return missed.stream().limit(maxReplay)
                    .map(message -> new SessionOutbox.RoomFrame(message.seq(), MessageFrames.delivered(message))).toList();
        });
        boolean complete = missed.size() <= maxReplay;
        long replayedUpTo = missed.isEmpty() ? afterSeq : missed.get(Math.min(missed.size(), maxReplay) - 1).seq();
        send(new Subscribed(roomId, replayedUpTo, complete));
    }

    private void acceptMessage(SendMessage sendMessage) {
        lastPublication = publisher.publish(connection.userId(), sendMessage, lastPublication);
        // Kafka out: the node holds the message and says so; the durable ACK (or NOT_DURABLE if dropped) follows
        lastPublication.held().thenAccept(held -> send(new Ack(sendMessage.clientMsgId(), held.messageId(), held.roomId(), false)));
        lastPublication.durable().whenComplete((sent, failure) -> {
            if (failure == null) {
                send(new Ack(sendMessage.clientMsgId(), sent.messageId(), sent.roomId(), true));
            } else {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                if (cause instanceof ChatException refused) {
                    send(ErrorFrame.of(refused, sendMessage.clientMsgId()));
                } else if (cause instanceof RejectedExecutionException) {
                    // the application's threads are saturated: the node is at capacity, the client retries later
                    send(ErrorFrame.of(admission.overloaded("its threads are saturated"), sendMessage.clientMsgId()));
                } else {
                    LOG.log(Level.WARNING, "Message " + sendMessage.clientMsgId() + " of user " + connection.userId() + " failed", cause);
                    send(ErrorFrame.of(ErrorCode.NOT_DURABLE, "message not accepted (" + cause + "), resend it with the same clientMsgId",
                            sendMessage.clientMsgId()));
                }
            }
        });
    }

    private void reauthenticate(Reauth reauth) {
        ChatPrincipal fresh = tokens.verify(reauth.token());
        if (!fresh.userId().equals(connection.userId())) {
            throw new ChatException(ErrorCode.FORBIDDEN, "REAUTH must carry a token of the same user");
        }
        if (!accounts.isActive(fresh.userId())) {
            throw new ChatException(ErrorCode.UNAUTHORIZED, "account deleted");
        }
        connection.reauthenticated(fresh);
    }

    /** {@code ?batch=true} at the handshake: the client reads BATCH frames (docs/protocol.md). */
    private static boolean asksForBatches(Session session) {
        List<String> batch = session.getRequestParameterMap().get("batch");
        return batch != null && batch.contains("true");
    }

    private void requireWithinFrameLimit(String text) {
        // Cheap before exact: a UTF-8 char takes at most 3 bytes per UTF-16 char.
        if (text.length() * 3L > maxFrameBytes && text.getBytes(StandardCharsets.UTF_8).length > maxFrameBytes) {
            throw new ChatException(ErrorCode.TOO_LARGE, "frame larger than " + maxFrameBytes + " bytes");
        }
    }

    private static String clientMsgIdOf(ClientFrame frame) {
        return frame instanceof SendMessage sendMessage ? sendMessage.clientMsgId() : null;
    }

    private void send(ServerFrame frame) {
        connection.send(frame);
    }

    @OnClose
    public void close(Session session, CloseReason reason) {
        if (session.getUserPrincipal() instanceof ChatPrincipal principal) {
            connectionsPerAddress.closed(principal.connectedFrom());
        }
        if (connection != null) {
            connection.outbox().markClosed();
            subscriptions.unsubscribeAll(connection.outbox());
            registry.unregister(connection);
            presence.closed(connection.userId(), connection.sessionId());
        }
        LOG.log(Level.FINE, "Session {0} closed: {1}", new Object[]{session.getId(), reason});
    }

    /**
     * A client that vanishes mid-frame is routine (FINE); anything else — an exception escaping
     * {@code @OnOpen}, a decoding fault in the container — closes the session with 1011 and is a
     * fault of ours worth a WARNING.
     */
    @OnError
    public void error(Session session, Throwable failure) {
        Level level = failure instanceof IOException ? Level.FINE : Level.WARNING;
        LOG.log(level, "Error on session " + session.getId() + (connection != null ? " of user " + connection.userId() : ""), failure);
    }
}
