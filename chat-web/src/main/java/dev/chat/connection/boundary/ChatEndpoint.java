package dev.chat.connection.boundary;

import dev.chat.api.codec.ChatJson;
import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.frame.Ack;
import dev.chat.api.frame.ClientFrame;
import dev.chat.api.frame.ErrorFrame;
import dev.chat.api.frame.FrameType;
import dev.chat.api.frame.Ping;
import dev.chat.api.frame.Pong;
import dev.chat.api.frame.Reauth;
import dev.chat.api.frame.Resume;
import dev.chat.api.frame.SendMessage;
import dev.chat.api.frame.ServerFrame;
import dev.chat.api.frame.Subscribe;
import dev.chat.api.frame.Subscribed;
import dev.chat.api.frame.Typing;
import dev.chat.auth.entity.ChatPrincipal;
import dev.chat.api.rest.MessageView;
import dev.chat.connection.control.ConnectedSession;
import dev.chat.connection.control.ConnectionsPerAddress;
import dev.chat.connection.control.InboundBudget;
import dev.chat.connection.control.SessionOutbox;
import dev.chat.message.boundary.MessagePublisher;
import dev.chat.platform.metrics.Refusals;
import dev.chat.platform.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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

    /**
     * What the endpoint uses, injected once for all connections: Payara's Tyrus builds a new injection
     * target for every endpoint instance, with an injection point (reflection included) and a
     * creational context per injected field or config value, ~5 KB per connection with 23 of them
     * (docs/benchmarks.md, {@code connections}).
     */
    @Inject
    EndpointServices services;

    @Inject
    ConnectionsPerAddress connectionsPerAddress;

    private final ChatJson json = ChatJson.instance();
    private ConnectedSession connection;
    private InboundBudget inbound;
    private CompletionStage<Void> presenceOpened = CompletableFuture.completedFuture(null);
    /** The connection's last message; the next is appended after it (frames of one session are read one at a time). */
    private MessagePublisher.Publication lastPublication = MessagePublisher.Publication.none();
    /** The span of the frame being handled (frames of a session are handled one at a time). */
    private Span frameSpan = Span.getInvalid();

    @OnOpen
    public void open(Session session) throws IOException {
        if (!(session.getUserPrincipal() instanceof ChatPrincipal principal)) {
            // Only reachable if the handshake filter was bypassed: refuse rather than run anonymous.
            session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "not authenticated"));
            return;
        }
        services.idleTimer.apply(session); // before anything schedules its idle timer
        session.setMaxTextMessageBufferSize(services.maxReadBufferBytes);
        var limits = new SessionOutbox.Limits(services.outboxMaxMessages, services.outboxMaxBytes, services.batchMaxFrames, services.batchMaxBytes,
                services.outboxStallMs);
        connection = new ConnectedSession(session, principal, asksForBatches(session) ? limits : limits.withoutBatches(), services.writers,
                services.roomOrdering.holdsRooms(), services.roomOrdering, services.connectionMetrics::slowConsumerClosed,
                code -> services.refusals.refused(code, Refusals.Via.WEBSOCKET), services.tracing.on() ? services.tracedFrames : null);
        connectionsPerAddress.opened(principal.connectedFrom());
        inbound = services.inboundPerSecond > 0 ? new InboundBudget(services.inboundPerSecond, services.inboundBurst) : null;
        services.registry.register(connection);
        for (String roomId : services.membership.roomsOf(principal.userId())) {
            services.subscriptions.subscribe(roomId, connection.outbox());
        }
        services.roomOrdering.releaseAfterWindow(connection.outbox());
        presenceOpened = services.presence.opened(principal.userId(), session.getId());
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
                    "more than " + services.inboundPerSecond + " frames/s on this connection: this one was not handled", waitMs), clientMsgIdOf(frame)));
            return;
        }
        // a span per frame but the heartbeat (docs/observability.md); a SEND_MESSAGE's ends with its ACK or ERROR
        frameSpan = frame instanceof Ping || !services.tracing.on() ? Span.getInvalid()
                : services.tracing.start(FrameType.of((Record) frame).wireName(), SpanKind.SERVER, null);
        if (frameSpan.isRecording()) {
            frameSpan.setAttribute(Tracing.USER_ID, connection.userId());
        }
        if (frameSpan.getSpanContext().isValid()) {
            try (Scope current = frameSpan.makeCurrent()) { // what is logged meanwhile names the trace (TraceIdsInLogs)
                handleInSpan(frame);
            }
        } else {
            handleInSpan(frame);
        }
    }

    private void handleInSpan(ClientFrame frame) {
        try {
            handle(frame);
            if (!(frame instanceof SendMessage)) {
                frameSpan.end();
            }
        } catch (ChatException refused) {
            send(ErrorFrame.of(refused, clientMsgIdOf(frame)));
            Tracing.failed(frameSpan, refused);
        } catch (RuntimeException bug) {
            LOG.log(Level.SEVERE, "Failed to handle " + frame.getClass().getSimpleName() + " of user " + connection.userId(), bug);
            send(ErrorFrame.of(ErrorCode.INTERNAL, "internal error", clientMsgIdOf(frame)));
            Tracing.failed(frameSpan, bug);
        }
    }

    private void handle(ClientFrame frame) {
        ClientFrameRoutes.route(frame, routes);
    }

    private final ClientFrameRoutes.Handler routes = new ClientFrameRoutes.Handler() {
        @Override
        public void sendMessage(SendMessage frame) {
            services.publisher.requireSendable(connection.userId(), frame);
            acceptMessage(frame);
        }

        @Override
        public void subscribe(Subscribe frame) {
            ChatEndpoint.this.subscribe(frame.roomId(), frame.afterSeq());
        }

        @Override
        public void resume(Resume frame) {
            ChatEndpoint.this.subscribe(frame.roomId(), frame.afterSeq());
        }

        @Override
        public void ping(Ping frame) {
            send(new Pong(Instant.now(), services.idleTimer.heartbeatMs())); // keeps the session from the idle timeout; presence is the node's heartbeat's
        }

        @Override
        public void typing(Typing frame) {
            services.membership.requireMember(frame.roomId(), connection.userId());
            if (!services.membership.isSilenced(frame.roomId(), connection.userId())) { // a silenced member's typing goes nowhere, silently
                services.typingRelay.typing(frame.roomId(), connection.userId());
            }
        }

        @Override
        public void reauth(Reauth frame) {
            reauthenticate(frame);
        }

        @Override
        public void roomAction(ClientFrame frame) {
            services.roomActions.submit(frame, connection);
        }
    };

    /**
     * Receives the room from here on: at once ({@code afterSeq} null), or after a replay from the
     * database of what came after {@code afterSeq}, live frames of the room waiting until it is
     * sent (the outbox keeps the room's seq order, {@code RoomOrder}).
     */
    private void subscribe(String roomId, Long afterSeq) {
        connection.outbox().positioning();
        try {
            positionRoom(roomId, afterSeq);
        } finally {
            connection.outbox().positioned();
        }
    }

    private void positionRoom(String roomId, Long afterSeq) {
        services.membership.requireMember(roomId, connection.userId());
        services.subscriptions.subscribe(roomId, connection.outbox());
        if (afterSeq == null) {
            connection.outbox().goLive(roomId);
            send(new Subscribed(roomId, null, true));
            return;
        }
        List<MessageView> missed = new ArrayList<>();
        SessionOutbox.Replay replay = connection.outbox().replay(roomId, afterSeq, after -> {
            missed.addAll(services.messages.missedSince(connection.userId(), roomId, after, services.maxReplay + 1));
            return new SessionOutbox.Replayed(missed.stream().limit(services.maxReplay)
                    .map(SessionOutbox.RoomFrame::of).toList(),
                    missed.size() <= services.maxReplay);
        });
        boolean complete = missed.size() <= services.maxReplay;
        // complete: what did not fit the client's queue follows, in order; paused: the client pages on after what it got
        long replayedUpTo = missed.isEmpty() ? replay.from() : complete ? missed.get(missed.size() - 1).seq() : replay.sentUpTo();
        send(new Subscribed(roomId, replayedUpTo, complete));
    }

    private void acceptMessage(SendMessage sendMessage) {
        Span span = frameSpan;
        lastPublication = services.publisher.publish(connection.userId(), sendMessage, lastPublication, span);
        // Kafka out: the node holds the message and says so; the durable ACK (or NOT_DURABLE if dropped) follows
        lastPublication.held().thenAccept(held -> send(new Ack(sendMessage.clientMsgId(), held.messageId(), held.roomId(), false)));
        lastPublication.durable().whenComplete((sent, failure) -> {
            if (failure == null) {
                send(new Ack(sendMessage.clientMsgId(), sent.messageId(), sent.roomId(), true));
                span.end();
            } else {
                ChatException refusal = services.publisher.refusalOf(failure, connection.userId(), sendMessage.clientMsgId());
                send(ErrorFrame.of(refusal, sendMessage.clientMsgId()));
                Tracing.failed(span, refusal);
            }
        });
    }

    private void reauthenticate(Reauth reauth) {
        ChatPrincipal fresh = services.tokens.verify(reauth.token());
        if (!fresh.userId().equals(connection.userId())) {
            throw new ChatException(ErrorCode.FORBIDDEN, "REAUTH must carry a token of the same user");
        }
        if (!services.accounts.honours(fresh.userId(), fresh.sessionGeneration())) {
            throw new ChatException(ErrorCode.UNAUTHORIZED, "session ended (account deleted, or password reset or changed)");
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
        if (text.length() * 3L > services.maxFrameBytes && text.getBytes(StandardCharsets.UTF_8).length > services.maxFrameBytes) {
            throw new ChatException(ErrorCode.TOO_LARGE, "frame larger than " + services.maxFrameBytes + " bytes");
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
            services.subscriptions.unsubscribeAll(connection.outbox());
            services.registry.unregister(connection);
            String userId = connection.userId();
            String sessionId = connection.sessionId();
            presenceOpened.thenRun(() -> services.presence.closed(userId, sessionId)); // the close after its open, in Redis too
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
