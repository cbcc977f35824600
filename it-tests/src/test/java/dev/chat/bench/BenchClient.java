package dev.chat.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One simulated user: a JDK WebSocket that sends when told and records what arrives, parsing
 * only the few fields it needs (a full JSON decode per delivery would take the CPU the server
 * needs, on the same cores).
 */
final class BenchClient implements WebSocket.Listener {
    static final String CONTENT_PREFIX = "b:";
    private static final String BATCH_PREFIX = "{\"type\":\"BATCH\"";
    private static final String FRAME_START = "{\"type\":\"";

    private final int user;
    private final Recorder recorder;
    private final boolean chatProtocol;
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;
    private CompletableFuture<WebSocket> sending; // guarded by this: one send in flight per socket
    volatile boolean closed;
    private volatile boolean closing;

    BenchClient(int user, Recorder recorder, boolean chatProtocol) {
        this.user = user;
        this.recorder = recorder;
        this.chatProtocol = chatProtocol;
    }

    CompletableFuture<BenchClient> connect(HttpClient http, URI uri, String token) {
        var builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder.buildAsync(uri, this).thenApply(ws -> {
            synchronized (this) {
                socket = ws;
                sending = CompletableFuture.completedFuture(ws);
            }
            return this;
        });
    }

    /** Sends message number {@code message}; if the socket cannot take it, it is owed to nobody (and counted as an error). */
    synchronized void send(int message, String text) {
        sending = sending.thenCompose(ws -> ws.sendText(text, true)).exceptionally(failure -> {
            recorder.notSent(message, "send failed");
            return socket;
        });
    }

    /** A PING, as real clients send every {@code heartbeatMs} the server asks for (a silent session is closed after chat.ws.idle-timeout-ms). */
    synchronized void ping() {
        if (sending != null) {
            sending = sending.thenCompose(ws -> ws.sendText("{\"type\":\"PING\"}", true)).exceptionally(failure -> socket);
        }
    }

    void close() {
        closing = true;
        if (socket != null && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null);
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        long now = System.nanoTime();
        if (!last || partial.length() > 0) {
            partial.append(data);
            if (last) {
                received(partial, now);
                partial.setLength(0);
            }
        } else {
            received(data, now);
        }
        webSocket.request(1);
        return null;
    }

    private void received(CharSequence frame, long now) {
        String text = frame.toString();
        if (chatProtocol && text.startsWith(BATCH_PREFIX)) {
            // {"type":"BATCH","frames":[{"type":…},{"type":…}]}: every frame starts with {"type":", which no content here contains
            int start = text.indexOf(FRAME_START, BATCH_PREFIX.length());
            while (start >= 0) {
                int next = text.indexOf(FRAME_START, start + 1);
                receivedOne(text.substring(start, next < 0 ? text.length() : next), now);
                start = next;
            }
            return;
        }
        receivedOne(text, now);
    }

    private void receivedOne(String text, long now) {
        if (!chatProtocol) {
            if (text.startsWith(CONTENT_PREFIX)) {
                recorder.delivered(number(text, CONTENT_PREFIX.length()), user, now);
            }
            return;
        }
        if (text.startsWith("{\"type\":\"MESSAGE\"")) {
            int content = text.indexOf("\"content\":\"" + CONTENT_PREFIX);
            if (content > 0) {
                recorder.delivered(number(text, content + 11 + CONTENT_PREFIX.length()), user, now);
            }
        } else if (text.startsWith("{\"type\":\"ACK\"") && !text.contains("\"durable\":false")) { // held, not yet durable
            int id = text.indexOf("\"clientMsgId\":\"");
            recorder.acked(number(text, id + 15), now);
        } else if (text.startsWith("{\"type\":\"ERROR\"")) {
            int code = text.indexOf("\"code\":\"");
            String kind = code < 0 ? "ERROR" : text.substring(code + 8, text.indexOf('"', code + 8));
            int id = text.indexOf("\"clientMsgId\":\"");
            if (id >= 0 && (kind.equals("OVERLOADED") || kind.equals("RATE_LIMITED"))) {
                recorder.refused(number(text, id + 15), kind); // not taken: owed to nobody
            } else {
                recorder.error(kind);
            }
        }
    }

    private static int number(String text, int from) {
        int value = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed = true;
        if (!closing) {
            recorder.error("closed by the server " + statusCode + " " + reason); // a run must say why a client stopped receiving
        }
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed = true;
        recorder.error("transport " + error.getClass().getSimpleName());
    }
}
