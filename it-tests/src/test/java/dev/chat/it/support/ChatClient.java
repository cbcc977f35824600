package dev.chat.it.support;

import dev.chat.api.codec.ChatJson;
import dev.chat.api.frame.Ping;
import dev.chat.api.frame.Pong;
import dev.chat.api.frame.ServerFrame;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A WebSocket chat client as an app would be one (JDK HTTP client), recording every frame it
 * receives so tests can wait for what a user would see.
 */
public final class ChatClient implements AutoCloseable {
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final WebSocket socket;
    private final BlockingQueue<ServerFrame> inbox = new LinkedBlockingQueue<>();
    private final List<ServerFrame> seen = new ArrayList<>();
    /** When each frame arrived ({@link System#nanoTime()}), by identity: for the tests that measure a latency. */
    private final Map<ServerFrame, Long> arrivals = java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());
    private volatile Integer closeCode;
    private volatile String closeReason;
    private volatile Throwable failure;
    /** While set, no frame is taken from the socket (WebSocket flow control): the server's frames back up. */
    private volatile boolean readingPaused;
    /** Set when the listener stopped asking for frames because reading was paused. */
    private final AtomicBoolean starved = new AtomicBoolean();

    private ChatClient(URI uri, String token) {
        IssuedSecrets.token(token);
        this.socket = HTTP.newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, new Listener())
                .join();
    }

    /**
     * Connects to {@code <base>/ws/chat} with the token in the Authorization header and returns
     * once the server has opened the session. The handshake's 101 reaches the client before the
     * server has run {@code @OnOpen} (which subscribes the session to the user's rooms), so a test
     * that sent right after the handshake could race it; the server reads frames only after
     * {@code @OnOpen}, hence one PING answered by PONG proves the session is live. A real app
     * closes that gap with RESUME instead.
     */
    public static ChatClient connect(URI base, String token) {
        ChatClient client = new ChatClient(webSocketUri(base), token);
        client.send(new Ping()).await(Pong.class);
        return client;
    }

    public static URI webSocketUri(URI base) {
        String http = base.toString().replaceFirst("/$", "");
        return URI.create(http.replaceFirst("^http", "ws") + "/ws/chat");
    }

    public ChatClient send(Record frame) {
        return sendRaw(ChatJson.instance().encodeFrame(frame));
    }

    public ChatClient sendRaw(String text) {
        try {
            socket.sendText(text, true).join();
        } catch (RuntimeException e) {
            throw new AssertionError("send failed; " + state(), e);
        }
        return this;
    }

    /** What a failure message needs to tell why the connection is gone. */
    private String state() {
        return "close code " + closeCode + " (" + closeReason + "), transport error " + failure + ", frames " + unconsumed();
    }

    /** Waits for the next frame of the given type that matches, skipping (but keeping) others. */
    public <T extends ServerFrame> T await(Class<T> type, Predicate<T> matching) {
        return await(type, matching, DEFAULT_WAIT);
    }

    public <T extends ServerFrame> T await(Class<T> type, Duration within) {
        return await(type, frame -> true, within);
    }

    /** As {@link #await(Class, Predicate)}, waiting at most {@code within}. */
    public <T extends ServerFrame> T await(Class<T> type, Predicate<T> matching, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        synchronized (seen) {
            for (ServerFrame frame : seen) {
                if (type.isInstance(frame) && matching.test(type.cast(frame))) {
                    seen.remove(frame);
                    return type.cast(frame);
                }
            }
        }
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                ServerFrame frame = inbox.poll(Math.max(left, 0), TimeUnit.NANOSECONDS);
                if (frame == null) {
                    throw new AssertionError("No " + type.getSimpleName() + " frame within " + within + "; other frames: " + seen
                            + (closeCode != null || failure != null ? "; close code " + closeCode + " (" + closeReason + "), transport error " + failure : ""));
                }
                if (type.isInstance(frame) && matching.test(type.cast(frame))) {
                    return type.cast(frame);
                }
                synchronized (seen) {
                    seen.add(frame);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public <T extends ServerFrame> T await(Class<T> type) {
        return await(type, frame -> true);
    }

    /** When {@code frame} (one this client returned) arrived, as {@link System#nanoTime()}. */
    public long arrivalOf(ServerFrame frame) {
        Long arrived = arrivals.get(frame);
        if (arrived == null) {
            throw new IllegalArgumentException("not a frame this client received: " + frame);
        }
        return arrived;
    }

    /** Frames received so far and not yet consumed by {@link #await}. */
    public List<ServerFrame> unconsumed() {
        synchronized (seen) {
            inbox.drainTo(seen);
            return List.copyOf(seen);
        }
    }

    /** Waits until the server closed the connection, and returns its close code. */
    public int awaitClose() {
        long deadline = System.nanoTime() + DEFAULT_WAIT.toNanos();
        while (closeCode == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("connection not closed within " + DEFAULT_WAIT + "; frames: " + unconsumed());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        return closeCode;
    }

    /** Asserts that no frame of the type arrives within the given time (for "must not receive"). */
    public <T extends ServerFrame> void assertNone(Class<T> type, Duration within) {
        assertNone(type, frame -> true, within);
    }

    /** Asserts that no matching frame of the type arrives within the given time. */
    public <T extends ServerFrame> void assertNone(Class<T> type, Predicate<T> matching, Duration within) {
        try {
            Thread.sleep(within.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ServerFrame> frames = unconsumed();
        if (frames.stream().anyMatch(frame -> type.isInstance(frame) && matching.test(type.cast(frame)))) {
            throw new AssertionError("unexpected " + type.getSimpleName() + " frame: " + frames);
        }
    }

    /** Stops taking frames, as a client busy elsewhere does: what the server sends backs up in the sockets and in the server. */
    public void pauseReading() {
        readingPaused = true;
    }

    public void resumeReading() {
        readingPaused = false;
        if (starved.compareAndSet(true, false)) {
            socket.request(1);
        }
    }

    public boolean isOpen() {
        return closeCode == null && !socket.isInputClosed();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                ServerFrame frame = ChatJson.instance().decodeServerFrame(partial.toString());
                arrivals.put(frame, System.nanoTime());
                inbox.add(frame);
                partial.setLength(0);
            }
            if (!readingPaused) {
                webSocket.request(1);
            } else {
                starved.set(true);
                if (!readingPaused && starved.compareAndSet(true, false)) { // resumed meanwhile
                    webSocket.request(1);
                }
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason = reason;
            closeCode = statusCode;
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            failure = error;
        }
    }
}
