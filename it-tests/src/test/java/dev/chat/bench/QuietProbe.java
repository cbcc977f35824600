package dev.chat.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Scenario {@code quiet}: the most common chat moment, one message in a room where nothing
 * happened for a while, on a node that idled for minutes. The node first carries
 * {@code bench.warmupMessages} (20) in rooms of their own, as a node in service did before it went
 * quiet (the first of them, the node's first message since its start, is reported apart). Rooms of
 * three (A, B, E): after {@code bench.idleSeconds} (180) of idle, A sends one message per room, {@code bench.gapMillis}
 * (2,000) apart — first to rooms that never had one (fresh), then again to each (quiet: its
 * last message was a whole round ago) — and each is timed from A's send to B's socket. Then the
 * two other events a person notices at once: E, a member who was offline, connects (timed to
 * the {@code PRESENCE ONLINE} at A), and A adds C, a connected user, to the room (timed from the
 * request to the {@code MEMBERSHIP} frame at C). Product only; the JSON has the same shape as
 * the other scenarios' (every probe in {@code deliveryMs}) plus {@code freshMs}, {@code quietMs},
 * {@code presenceMs}, {@code membershipMs}, {@code membershipAnsweredMs} and {@code probesOver50Ms}.
 */
final class QuietProbe {
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** One connection that keeps every frame with the time it arrived. */
    private static final class ProbeClient implements WebSocket.Listener {
        private record Arrival(String text, long nanos) {
        }

        private final ConcurrentLinkedQueue<Arrival> arrivals = new ConcurrentLinkedQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;
        private long connectedNanos;

        static ProbeClient connect(HttpClient http, URI uri, String token) {
            ProbeClient client = new ProbeClient();
            client.socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + token).connectTimeout(Duration.ofSeconds(30))
                    .buildAsync(uri, client).join();
            client.connectedNanos = System.nanoTime();
            return client;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            long now = System.nanoTime();
            partial.append(data);
            if (last) {
                arrivals.add(new Arrival(partial.toString(), now));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        /** One send at a time (the pinger and the probe share the socket). */
        synchronized void send(String text) {
            socket.sendText(text, true).join();
        }

        /** When the first frame matching {@code wanted} arrived; -1 if none within 10 s. */
        long awaitArrival(Predicate<String> wanted) throws InterruptedException {
            long deadline = System.nanoTime() + TIMEOUT_NANOS;
            while (System.nanoTime() < deadline) {
                for (Arrival arrival : arrivals) {
                    if (wanted.test(arrival.text())) {
                        arrivals.remove(arrival);
                        return arrival.nanos();
                    }
                }
                Thread.sleep(1);
            }
            return -1;
        }

        void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null);
        }
    }

    private QuietProbe() {
    }

    static int run(BenchConfig config, HttpClient http, String serverPid) throws Exception {
        int rooms = Integer.getInteger("bench.rooms", 30);
        long idleSeconds = Long.getLong("bench.idleSeconds", 180);
        long gapMillis = Long.getLong("bench.gapMillis", 2000);
        URI base = config.productUrls().get(0);
        URI ws = URI.create(base.toString().replaceFirst("/$", "").replaceFirst("^http", "ws") + "/ws/chat");

        BenchSetup setup = new BenchSetup(http, base);
        List<BenchSetup.User> users = setup.users(rooms * 4); // per room: A, B, E (offline at first), C (joins later)
        List<String> roomIds = new ArrayList<>();
        for (int r = 0; r < rooms; r++) {
            roomIds.add(setup.room(List.of(users.get(4 * r), users.get(4 * r + 1), users.get(4 * r + 2))));
        }
        // A node in service carried messages before it went quiet: rooms of their own (never probed) carry a few
        // first. The first of them, the node's first message since it started (a cold JVM), is reported apart.
        int warmupMessages = Integer.getInteger("bench.warmupMessages", 20);
        int warmRooms = Math.min(rooms, 5);
        List<String> warmRoomIds = new ArrayList<>();
        for (int w = 0; w < warmRooms && warmupMessages > 0; w++) {
            warmRoomIds.add(setup.room(List.of(users.get(4 * w), users.get(4 * w + 1))));
        }
        List<ProbeClient> senders = new ArrayList<>();
        List<ProbeClient> receivers = new ArrayList<>();
        List<ProbeClient> newcomers = new ArrayList<>();
        for (int r = 0; r < rooms; r++) {
            senders.add(ProbeClient.connect(http, ws, users.get(4 * r).token()));
            receivers.add(ProbeClient.connect(http, ws, users.get(4 * r + 1).token()));
            newcomers.add(ProbeClient.connect(http, ws, users.get(4 * r + 3).token()));
        }
        // clients PING as often as the server asks (a session silent for chat.ws.idle-timeout-ms is closed)
        List<ProbeClient> connected = new ArrayList<>(senders);
        connected.addAll(receivers);
        connected.addAll(newcomers);
        var pinger = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "quiet-pinger");
            thread.setDaemon(true);
            return thread;
        });
        pinger.scheduleWithFixedDelay(() -> connected.forEach(client -> client.send("{\"type\":\"PING\"}")),
                LoadGenerator.PING_SLOTS, LoadGenerator.PING_SLOTS, TimeUnit.SECONDS);
        long firstMicros = -1;
        long firstAckMicros = -1;
        for (int i = 0; i < warmupMessages; i++) {
            int w = i % warmRooms;
            String clientMsgId = "w" + i;
            long sent = System.nanoTime();
            senders.get(w).send("{\"type\":\"SEND_MESSAGE\",\"roomId\":\"" + warmRoomIds.get(w) + "\",\"content\":\"warm-up " + clientMsgId
                    + "\",\"clientMsgId\":\"" + clientMsgId + "\"}");
            long arrived = receivers.get(w).awaitArrival(text -> text.contains("\"content\":\"warm-up " + clientMsgId + "\""));
            long acked = senders.get(w).awaitArrival(text -> text.contains("\"type\":\"ACK\"") && text.contains("\"" + clientMsgId + "\""));
            if (i == 0 && arrived > 0 && acked > 0) {
                firstMicros = (arrived - sent) / 1000;
                firstAckMicros = (acked - sent) / 1000;
            }
            Thread.sleep(100);
        }
        if (warmupMessages > 0) {
            log("%d warm-up messages in %d rooms of their own; the node's first message since its start: %.1f ms (ACK %.1f ms)",
                    warmupMessages, warmRooms, firstMicros / 1000.0, firstAckMicros / 1000.0);
        }
        log("%d rooms of three, %d connections; idle for %d s", rooms, 3 * rooms, idleSeconds);
        LoadGenerator.ProcessFigures before = LoadGenerator.ProcessFigures.of(serverPid);
        Thread.sleep(TimeUnit.SECONDS.toMillis(idleSeconds));
        LoadGenerator.ProcessFigures idle = LoadGenerator.ProcessFigures.of(serverPid).minus(before);
        log("idle node: %.2f CPU-s over %d s", idle.cpuSeconds(), idleSeconds);

        Histogram all = histogram();
        Histogram fresh = histogram();
        Histogram quiet = histogram();
        Histogram acks = histogram();
        List<String> slowest = new ArrayList<>(); // "delivery ms / ack ms, message" of every probe, to print the slowest
        int missing = 0;
        Instant from = Instant.now();
        for (int round = 0; round < 2; round++) {
            for (int r = 0; r < rooms; r++) {
                String clientMsgId = "q" + round + "-" + r;
                long sent = System.nanoTime();
                senders.get(r).send("{\"type\":\"SEND_MESSAGE\",\"roomId\":\"" + roomIds.get(r) + "\",\"content\":\"quiet " + clientMsgId
                        + "\",\"clientMsgId\":\"" + clientMsgId + "\"}");
                long arrived = receivers.get(r).awaitArrival(text -> text.contains("\"content\":\"quiet " + clientMsgId + "\""));
                long acked = senders.get(r).awaitArrival(text -> text.contains("\"type\":\"ACK\"") && text.contains("\"" + clientMsgId + "\""));
                if (arrived < 0 || acked < 0) {
                    missing++;
                } else {
                    long micros = (arrived - sent) / 1000;
                    all.recordValue(micros);
                    (round == 0 ? fresh : quiet).recordValue(micros);
                    acks.recordValue((acked - sent) / 1000);
                    slowest.add(String.format("%9.1f / %7.1f ms  message %d (%s room %d)", micros / 1000.0, (acked - sent) / 1e6,
                            round * rooms + r + 1, round == 0 ? "fresh" : "quiet", r + 1));
                }
                Thread.sleep(gapMillis);
            }
        }
        Histogram presence = histogram();
        Histogram membership = histogram();
        Histogram membershipAnswered = histogram();
        List<String> slowestChanges = new ArrayList<>(); // "frame ms / response ms, probe, when": the slowest, to find in a profile
        for (int r = 0; r < rooms; r++) {
            String offlineUser = users.get(4 * r + 2).id();
            ProbeClient comer = ProbeClient.connect(http, ws, users.get(4 * r + 2).token());
            long online = senders.get(r).awaitArrival(text -> text.startsWith("{\"type\":\"PRESENCE\"") && text.contains(offlineUser)
                    && text.contains("ONLINE"));
            if (online < 0) {
                missing++;
            } else {
                presence.recordValue(Math.max(0, (online - comer.connectedNanos) / 1000));
            }
            Instant askedAt = Instant.now();
            long asked = System.nanoTime();
            setup.addMember(roomIds.get(r), users.get(4 * r), users.get(4 * r + 3));
            long answered = System.nanoTime();
            membershipAnswered.recordValue((answered - asked) / 1000);
            String room = roomIds.get(r);
            long joined = newcomers.get(r).awaitArrival(text -> text.startsWith("{\"type\":\"MEMBERSHIP\"") && text.contains(room));
            if (joined < 0) {
                missing++;
            } else {
                membership.recordValue((joined - asked) / 1000);
                slowestChanges.add(String.format("%9.1f / %7.1f ms  change %d at %s", (joined - asked) / 1e6, (answered - asked) / 1e6, r, askedAt));
            }
            comer.close();
            Thread.sleep(gapMillis);
        }
        Instant to = Instant.now();
        pinger.shutdownNow();
        setup.close();
        senders.forEach(ProbeClient::close);
        receivers.forEach(ProbeClient::close);
        newcomers.forEach(ProbeClient::close);

        long over50 = all.getTotalCount() - all.getCountBetweenValues(0, 50_000);
        System.out.printf("%n=== product: scenario quiet, %d rooms of three, idle %d s, a message every %d ms, window %s to %s (UTC)%n",
                rooms, idleSeconds, gapMillis, from, to);
        System.out.println(line("fresh room", fresh));
        System.out.println(line("quiet room", quiet));
        System.out.println(line("all messages", all) + String.format("   %d of %d over 50 ms", over50, all.getTotalCount()));
        System.out.println(line("their ACKs", acks) + "   (send → ACK at the sender)");
        printSlowest("delivery / ACK", slowest);
        if (warmupMessages > 0) {
            System.out.printf("first message since the node started (before the idle, not a probe): %.1f ms, ACK %.1f ms%n",
                    firstMicros / 1000.0, firstAckMicros / 1000.0);
        }
        System.out.println(line("presence", presence) + "   (connect → PRESENCE ONLINE at a roommate)");
        System.out.println(line("membership", membership) + "   (POST …/members → MEMBERSHIP at the newcomer)");
        System.out.println(line("  answered", membershipAnswered) + "   (POST …/members → its response)");
        printSlowest("frame / response", slowestChanges);
        System.out.printf("missing %d; idle node %.2f CPU-s in %d s%n", missing, idle.cpuSeconds(), idleSeconds);

        JsonObject result = Json.createObjectBuilder()
                .add("target", "product").add("scenario", "quiet").add("rooms", rooms).add("idleSeconds", idleSeconds)
                .add("gapMillis", gapMillis).add("connected", 3 * rooms).add("lost", missing).add("duplicates", 0).add("errors", 0)
                .add("deliveryMs", LoadGenerator.percentiles(all)).add("freshMs", LoadGenerator.percentiles(fresh)).add("quietMs", LoadGenerator.percentiles(quiet))
                .add("ackMs", LoadGenerator.percentiles(acks))
                .add("presenceMs", LoadGenerator.percentiles(presence)).add("membershipMs", LoadGenerator.percentiles(membership))
                .add("membershipAnsweredMs", LoadGenerator.percentiles(membershipAnswered))
                .add("probesOver50Ms", over50).add("warmupMessages", warmupMessages).add("firstMessageMs", firstMicros / 1000.0).add("idleCpuSeconds", idle.cpuSeconds())
                .add("windowFrom", from.toString()).add("windowTo", to.toString()).build();
        Files.createDirectories(config.output());
        Path json = config.output().resolve("quiet-" + Instant.now().toString().replace(':', '-') + ".json");
        Files.writeString(json, Json.createArrayBuilder().add(result).build().toString());
        System.out.println("JSON: " + json.toAbsolutePath());
        return missing == 0 ? 0 : 1;
    }

    private static Histogram histogram() {
        return new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
    }

    private static String line(String label, Histogram h) {
        return String.format("%-13s n %d  p50 %.1f  p95 %.1f  max %.1f ms", label, h.getTotalCount(),
                LoadGenerator.ms(h, 50), LoadGenerator.ms(h, 95), h.getMaxValue() / 1000.0);
    }

    private static void log(String format, Object... args) {
        System.out.printf("[quiet] %s%n", String.format(format, args));
    }

    /** The three slowest of {@code probes} (each starts with its time, right-aligned, so text order is time order). */
    private static void printSlowest(String what, List<String> probes) {
        probes.stream().sorted(java.util.Comparator.reverseOrder()).limit(3)
                .forEach(probe -> System.out.println("  slowest: " + what + " " + probe.trim()));
    }
}
