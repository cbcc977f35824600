package dev.chat.it.support;

import dev.chat.api.codec.ChatJson;
import dev.chat.api.frame.Ack;
import dev.chat.api.frame.ErrorFrame;
import dev.chat.api.frame.MessageDelivered;
import dev.chat.api.frame.Resume;
import dev.chat.api.frame.SendMessage;
import dev.chat.api.frame.ServerFrame;
import dev.chat.api.frame.Subscribed;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A chat app as it should behave when its node goes away: it keeps what it has not had
 * acknowledged, reconnects to the next node that answers, RESUMEs its room after the last
 * {@code seq} it saw, and resends the unacknowledged messages with their original
 * {@code clientMsgId}. Like any client it shows a room's messages by {@code seq}, each once, and
 * resumes after the last seq up to which it has them all. It records what the user has, how many
 * frames one connection delivered twice and how many frames of a connection were not the seq after
 * the one before (the server's promise: none of either, docs/protocol.md "Order"), and how long
 * each reconnect took.
 */
public final class ResumingClient implements WebSocket.Listener {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final TestUser user;
    private final String roomId;
    private final List<URI> nodes;
    private final boolean reconnects;
    private final ScheduledExecutorService timer;
    private final StringBuilder partial = new StringBuilder();

    // guarded by this
    private final java.util.TreeSet<Long> received = new java.util.TreeSet<>();
    private final java.util.Set<Long> seenOnThisConnection = new java.util.HashSet<>();
    private int duplicatesWithinAConnection;
    private int seenBefore;
    private int outOfOrder;
    /** The seq this connection's next MESSAGE must carry, less one: the RESUME's afterSeq, then the last one received. */
    private long lastOnThisConnection;
    private final Map<String, String> unacknowledged = new LinkedHashMap<>();
    private final List<Duration> reconnectTimes = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final List<String> connectFailures = new ArrayList<>();
    private WebSocket socket;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private int node;
    private long lastSeq;
    private long lostAtNanos;
    private boolean live;
    private boolean stopped;
    private int sent;
    private CompletableFuture<Void> pendingSubscription;

    public ResumingClient(TestUser user, String roomId, List<URI> nodes, int homeNode, boolean reconnects, ScheduledExecutorService timer) {
        this.user = user;
        this.roomId = roomId;
        this.nodes = nodes;
        this.node = homeNode;
        this.reconnects = reconnects;
        this.timer = timer;
    }

    /**
     * Connects to the home node and subscribes from the start of the room; completes once live.
     * A refused or timed-out first connection is tried again, backing off a little, as an app
     * would (a freshly started node may take a while over hundreds of simultaneous handshakes).
     */
    public CompletableFuture<Void> start() {
        var started = new CompletableFuture<Void>();
        startAttempt(1, started);
        return started;
    }

    private void startAttempt(int attempt, CompletableFuture<Void> started) {
        open(nodes.get(node)).whenComplete((live, failure) -> {
            if (failure == null) {
                started.complete(null);
                return;
            }
            synchronized (this) {
                connectFailures.add("attempt " + attempt + ": " + failure);
                if (stopped) {
                    started.completeExceptionally(failure);
                    return;
                }
            }
            timer.schedule(() -> startAttempt(attempt + 1, started), Math.min(2_000, 100L * attempt), TimeUnit.MILLISECONDS);
        });
    }

    /** Sends the next message (kept until acknowledged; sent once the client is connected again if it is not). */
    public synchronized String send() {
        String clientMsgId = user.username() + "-" + (++sent);
        unacknowledged.put(clientMsgId, "m " + clientMsgId);
        if (live) {
            transmit(clientMsgId);
        }
        return clientMsgId;
    }

    public synchronized void stop() {
        stopped = true;
        live = false;
        if (socket != null && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null);
        }
    }

    public TestUser user() {
        return user;
    }

    public String roomId() {
        return roomId;
    }

    /** The seqs of the room this user has, in order. */
    public synchronized List<Long> received() {
        return List.copyOf(received);
    }

    /** Frames one connection delivered twice: the server promises none. */
    public synchronized int duplicatesWithinAConnection() {
        return duplicatesWithinAConnection;
    }

    /** Frames a new connection delivered that an earlier one had already delivered (the overlap of a resume). */
    public synchronized int seenBefore() {
        return seenBefore;
    }

    /** Frames of a connection that were not the seq after the one before (or after the RESUME's). */
    public synchronized int outOfOrder() {
        return outOfOrder;
    }

    public synchronized long lastSeq() {
        return lastSeq;
    }

    public synchronized int pending() {
        return unacknowledged.size();
    }

    public synchronized int sentCount() {
        return sent;
    }

    public synchronized boolean live() {
        return live;
    }

    public synchronized List<Duration> reconnectTimes() {
        return List.copyOf(reconnectTimes);
    }

    /** First connections that failed and were tried again. */
    public synchronized List<String> connectFailures() {
        return List.copyOf(connectFailures);
    }

    public synchronized List<String> errors() {
        return List.copyOf(errors);
    }

    private CompletableFuture<Void> open(URI base) {
        var subscribed = new CompletableFuture<Void>();
        synchronized (this) {
            pendingSubscription = subscribed;
        }
        HTTP.newWebSocketBuilder()
                .header("Authorization", "Bearer " + user.accessToken())
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(ChatClient.webSocketUri(base), this)
                .whenComplete((ws, failure) -> {
                    if (failure != null) {
                        subscribed.completeExceptionally(failure);
                    }
                });
        return subscribed;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        synchronized (this) {
            // the new connection is the current one before any of its frames arrives
            socket = webSocket;
            sending = CompletableFuture.completedFuture(null);
            seenOnThisConnection.clear();
            // RESUME on every connect, the first included: it replays what the user missed and then goes on
            // live with no gap, also for a message sent before the server had opened the session
            resume();
        }
        webSocket.request(1);
    }

    private void resume() {
        lastOnThisConnection = lastSeq;
        write(ChatJson.instance().encodeFrame(new Resume(roomId, lastSeq)));
    }

    private void transmit(String clientMsgId) {
        write(ChatJson.instance().encodeFrame(new SendMessage(roomId, unacknowledged.get(clientMsgId), clientMsgId, null)));
    }

    /** One frame in flight per socket (the JDK WebSocket refuses a second concurrent send). */
    private void write(String text) {
        WebSocket target = socket;
        sending = sending.thenCompose(ignored -> target.sendText(text, true)).exceptionally(failure -> null);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            received(webSocket, ChatJson.instance().decodeServerFrame(text));
        }
        webSocket.request(1);
        return null;
    }

    private synchronized void received(WebSocket from, ServerFrame frame) {
        if (from != socket) {
            return; // a connection given up on: what it still delivers comes again through the resume
        }
        if (frame instanceof MessageDelivered message && message.roomId().equals(roomId)) {
            if (!seenOnThisConnection.add(message.seq())) {
                duplicatesWithinAConnection++;
            }
            if (message.seq() != lastOnThisConnection + 1) {
                outOfOrder++;
            }
            lastOnThisConnection = message.seq();
            if (!received.add(message.seq())) {
                seenBefore++;
                return;
            }
            while (received.contains(lastSeq + 1)) {
                lastSeq++; // what a RESUME asks after: everything up to here is here
            }
        } else if (frame instanceof Ack ack) {
            if (ack.durable()) { // durable:false: the node holds it through a Kafka outage, keep it until durable
                unacknowledged.remove(ack.clientMsgId());
            }
        } else if (frame instanceof Subscribed subscribed && subscribed.roomId().equals(roomId)) {
            if (Boolean.FALSE.equals(subscribed.complete())) {
                resume(); // the replay came in pages
                return;
            }
            live = true;
            if (lostAtNanos != 0) {
                reconnectTimes.add(Duration.ofNanos(System.nanoTime() - lostAtNanos));
                lostAtNanos = 0;
            }
            unacknowledged.keySet().forEach(this::transmit);
            if (pendingSubscription != null) {
                pendingSubscription.complete(null);
                pendingSubscription = null;
            }
        } else if (frame instanceof ErrorFrame error) {
            errors.add(error.code() + ": " + error.message());
            if (error.retryable() && error.clientMsgId() != null && unacknowledged.containsKey(error.clientMsgId())) {
                long delay = error.retryAfterMs() != null ? error.retryAfterMs() : 500;
                timer.schedule(() -> resend(error.clientMsgId()), delay, TimeUnit.MILLISECONDS);
            }
        }
    }

    private synchronized void resend(String clientMsgId) {
        if (live && unacknowledged.containsKey(clientMsgId)) {
            transmit(clientMsgId);
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        lost(webSocket);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        lost(webSocket);
    }

    private synchronized void lost(WebSocket which) {
        if (which != socket || stopped) {
            return;
        }
        live = false;
        socket = null;
        if (lostAtNanos == 0) {
            lostAtNanos = System.nanoTime();
        }
        if (reconnects) {
            reconnect(1);
        }
    }

    /** Tries the next node (round robin), backing off a little between attempts, as an app would behind a load balancer. */
    private synchronized void reconnect(int attempt) {
        if (stopped) {
            return;
        }
        node = (node + 1) % nodes.size();
        URI next = nodes.get(node);
        long delayMs = Math.min(2_000, 100L * attempt);
        timer.schedule(() -> open(next).exceptionally(failure -> {
            reconnect(attempt + 1);
            return null;
        }), delayMs, TimeUnit.MILLISECONDS);
    }
}
