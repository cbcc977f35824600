package dev.chat.it;

import dev.chat.api.codec.ChatJson;
import dev.chat.api.frame.MessageDelivered;
import dev.chat.api.frame.Ping;
import dev.chat.api.frame.Resume;
import dev.chat.api.frame.ServerFrame;
import dev.chat.api.frame.Subscribe;
import dev.chat.api.rest.SendMessageRequest;
import dev.chat.it.support.ChatClient;
import dev.chat.it.support.DeployedChat;
import dev.chat.it.support.StoredMessages;
import dev.chat.it.support.TestUser;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A room's messages on one connection arrive strictly by seq, without a gap, as received (no
 * sorting here), whatever the client does right after connecting: RESUME, SUBSCRIBE with or
 * without {@code afterSeq}, a PING, or nothing; with and without BATCH frames; while the room
 * gets 50 messages a second, and while its readers reconnect all at once, again and again.
 * A connection that resumes gets exactly the seq after the one it named first. In the end each
 * reader has every message the room stored.
 */
class ResumeOrderIT extends DeployedChat {
    private static final int READERS = 8;
    private static final int SENDERS = 2;
    private static final long SEND_INTERVAL_MS = 20; // 50 messages a second in the room
    /** Reconnects of each reader, all readers at once each time (a reconnect storm), while messages flow. */
    private static final int ROUNDS = 12;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** What a client does as soon as the connection is open. */
    enum FirstMove { RESUME, SUBSCRIBE_AFTER, SUBSCRIBE_LIVE, PING, NOTHING }

    @Test
    void everyConnectionGetsTheRoomInSeqOrderWithoutGapsWhateverItDoesFirstThroughReconnectStorms() throws Exception {
        TestUser owner = TestUser.register(api, "owner");
        List<TestUser> senders = IntStream.range(0, SENDERS).mapToObj(i -> TestUser.register(api, "sender" + i)).toList();
        List<TestUser> readers = IntStream.range(0, READERS).mapToObj(i -> TestUser.register(api, "reader" + i)).toList();
        List<TestUser> members = new ArrayList<>(senders);
        members.addAll(readers);
        String room = owner.createGroup(api, "resume order", members.toArray(TestUser[]::new)).id();

        AtomicInteger sent = new AtomicInteger();
        List<String> refusals = new ArrayList<>();
        var sending = Executors.newSingleThreadScheduledExecutor();
        sending.scheduleAtFixedRate(() -> {
            int n = sent.get();
            var response = api.post("rooms/" + room + "/messages", new SendMessageRequest("m" + n, null, null),
                    senders.get(n % SENDERS).accessToken(), "Idempotency-Key", "order-" + n);
            if (response.statusCode() == 201) {
                sent.incrementAndGet();
            } else {
                synchronized (refusals) {
                    refusals.add(response.statusCode() + " " + response.body());
                }
            }
        }, 0, SEND_INTERVAL_MS, TimeUnit.MILLISECONDS);

        CyclicBarrier storm = new CyclicBarrier(READERS);
        List<Reader> reading = readers.stream().map(reader -> new Reader(reader, room)).toList();
        var readerThreads = Executors.newFixedThreadPool(READERS);
        List<CompletableFuture<Void>> storms = new ArrayList<>();
        for (int r = 0; r < READERS; r++) {
            Reader reader = reading.get(r);
            int offset = r;
            storms.add(CompletableFuture.runAsync(() -> reader.reconnect(storm, offset), readerThreads));
        }
        CompletableFuture.allOf(storms.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        sending.shutdown();
        assertThat(sending.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        readerThreads.shutdown();

        int total = sent.get();
        assertThat(refusals).as("HTTP sends refused").isEmpty();
        assertThat(total).as("messages sent at 50 a second").isGreaterThan(ROUNDS * 15);
        await().atMost(Duration.ofMinutes(1)).until(() -> StoredMessages.of(room).size() >= total);

        for (Reader reader : reading) {
            reader.catchUp(total);
        }
        int connections = reading.stream().mapToInt(reader -> reader.connections).sum();
        System.out.printf("[ResumeOrderIT] %d messages at 50/s, %d connections of %d readers in storms of %d%n",
                total, connections, READERS, READERS);
        assertThat(connections).isEqualTo(READERS * (ROUNDS + 1));
        for (Reader reader : reading) {
            assertThat(reader.violations).as("order as received by %s", reader.user.username()).isEmpty();
            assertThat(reader.has).as("what %s has", reader.user.username())
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
        }
    }

    /** One user who keeps reconnecting, each time doing another first move, and checks each connection's order. */
    private final class Reader {
        final TestUser user;
        final String room;
        final TreeSet<Long> has = new TreeSet<>();
        final List<String> violations = new ArrayList<>();
        int connections;

        Reader(TestUser user, String room) {
            this.user = user;
            this.room = room;
        }

        /** Everything up to here is here: what a RESUME names. */
        long contiguous() {
            long last = 0;
            for (long seq : has) {
                if (seq != last + 1) {
                    break;
                }
                last = seq;
            }
            return last;
        }

        void reconnect(CyclicBarrier storm, int offset) {
            FirstMove[] moves = FirstMove.values();
            for (int i = 0; i < ROUNDS; i++) {
                try {
                    storm.await(30, TimeUnit.SECONDS); // everyone connects at once
                } catch (Exception e) {
                    throw new AssertionError("storm barrier", e);
                }
                FirstMove move = moves[(i + offset) % moves.length];
                Connection connection = open(move, (i + offset) % 2 == 0);
                sleep(ThreadLocalRandom.current().nextLong(300, 1500));
                connection.close(i % 2 == 0);
                record(connection);
            }
        }

        /** The last connection RESUMEs and stays until it has all {@code total} messages. */
        void catchUp(int total) {
            Connection connection = open(FirstMove.RESUME, false);
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> connection.lastSeq() >= total);
            } finally {
                connection.close(true);
                record(connection);
            }
        }

        private Connection open(FirstMove move, boolean batches) {
            connections++;
            Connection connection = new Connection(room, move, contiguous());
            WebSocket socket = HTTP.newWebSocketBuilder()
                    .header("Authorization", "Bearer " + user.accessToken())
                    .buildAsync(URI.create(ChatClient.webSocketUri(base) + (batches ? "?batch=true" : "")), connection)
                    .join();
            connection.firstMove(socket);
            return connection;
        }

        private void record(Connection connection) {
            List<Long> seqs = connection.seqs();
            String what = user.username() + " connection " + connections + " (" + connection.move + " after " + connection.afterSeq + "): " + abbreviated(seqs);
            if (connection.resumes() && !seqs.isEmpty() && seqs.get(0) != connection.afterSeq + 1) {
                violations.add("first seq not the one after the resume's: " + what);
            }
            for (int i = 1; i < seqs.size(); i++) {
                if (seqs.get(i) != seqs.get(i - 1) + 1) {
                    violations.add("seq " + seqs.get(i) + " after " + seqs.get(i - 1) + ": " + what);
                    break;
                }
            }
            has.addAll(seqs);
        }
    }

    private static String abbreviated(List<Long> seqs) {
        return seqs.size() <= 12 ? seqs.toString() : seqs.subList(0, 6) + " … " + seqs.subList(seqs.size() - 6, seqs.size());
    }

    /** One WebSocket connection: the seqs of the room's MESSAGE frames in the order they arrived. */
    private static final class Connection implements WebSocket.Listener {
        final String room;
        final FirstMove move;
        final long afterSeq;
        private final StringBuilder partial = new StringBuilder();
        private final List<Long> seqs = new ArrayList<>(); // guarded by this
        private WebSocket socket;

        Connection(String room, FirstMove move, long afterSeq) {
            this.room = room;
            this.move = move;
            this.afterSeq = afterSeq;
        }

        boolean resumes() {
            return move == FirstMove.RESUME || move == FirstMove.SUBSCRIBE_AFTER;
        }

        void firstMove(WebSocket socket) {
            this.socket = socket;
            Record frame = switch (move) {
                case RESUME -> new Resume(room, afterSeq);
                case SUBSCRIBE_AFTER -> new Subscribe(room, afterSeq);
                case SUBSCRIBE_LIVE -> new Subscribe(room, null);
                case PING -> new Ping();
                case NOTHING -> null;
            };
            if (frame != null) {
                socket.sendText(ChatJson.instance().encodeFrame(frame), true).join();
            }
        }

        synchronized List<Long> seqs() {
            return List.copyOf(seqs);
        }

        synchronized long lastSeq() {
            return seqs.isEmpty() ? afterSeq : seqs.get(seqs.size() - 1);
        }

        void close(boolean cleanly) {
            if (cleanly) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
            } else {
                socket.abort();
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                List<ServerFrame> frames = ChatJson.instance().decodeServerFrames(partial.toString());
                partial.setLength(0);
                synchronized (this) {
                    for (ServerFrame frame : frames) {
                        if (frame instanceof MessageDelivered message && message.roomId().equals(room)) {
                            seqs.add(message.seq());
                        }
                    }
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
