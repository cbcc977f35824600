package dev.chat.bench;

import dev.chat.it.support.TestEnvironment;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load generator: many authenticated WebSocket clients in rooms, sending at a fixed rate,
 * measuring ACK and end-to-end delivery latency (HDR histograms) and counting lost and
 * duplicated deliveries. Runs the same workload against the product and against the baseline
 * broadcast endpoint (the transport's ceiling on the same runtime) and reports both side by side,
 * with ratios, as a table and as JSON. Settings: {@link BenchConfig}. Run it with the
 * {@code benchmark} profile (see docs/benchmarks.md), never as part of the test suite.
 */
public final class LoadGenerator {
    /**
     * Clients PING every this many seconds (the server's {@code heartbeatMs} in every PONG:
     * {@code chat.ws.heartbeat-ms}, 50 s by default), a 1/PING_SLOTS share of them each second.
     */
    static final int PING_SLOTS = Integer.getInteger("bench.pingSeconds", 50);
    /** The targets of a run: the product, the ceiling (Payara's transport alone), and Node's ws doing the same. */
    static final String PRODUCT = "product";
    static final String BASELINE = "baseline";
    static final String WS_BASELINE = "ws";

    /** The outcome of one target's run. */
    public record Result(String target, BenchConfig config, Recorder recorder, int connected, int connectFailures,
                         double connectSeconds, double measuredSeconds, ProcessFigures server, double generatorCpuSeconds,
                         long persisted, Window window, ProcessFigures withoutConnections, NodeLoads nodes) {

        public long lost() {
            return recorder.expectedDeliveries() - recorder.delivered.get();
        }

        public double deliveriesPerSecond() {
            return recorder.measuredDelivered.get() / measuredSeconds;
        }
    }

    /** The measured window in wall-clock time (to cut a JFR recording to it: jfr-top). */
    public record Window(Instant from, Instant to) {
    }

    /** RSS and CPU time of a server process, read from /proc (0 when unknown). */
    public record ProcessFigures(long rssKb, double cpuSeconds) {
        static ProcessFigures of(String pid) {
            if (pid == null || pid.isBlank()) {
                return new ProcessFigures(0, 0);
            }
            try {
                long rss = Files.readAllLines(Path.of("/proc", pid, "status")).stream().filter(line -> line.startsWith("VmRSS:"))
                        .map(line -> Long.parseLong(line.replaceAll("[^0-9]", ""))).findFirst().orElse(0L);
                String[] stat = Files.readString(Path.of("/proc", pid, "stat")).split("\\) ", 2)[1].split(" ");
                double cpu = (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) / 100.0; // utime + stime, in clock ticks
                return new ProcessFigures(rss, cpu);
            } catch (IOException | RuntimeException e) {
                return new ProcessFigures(0, 0);
            }
        }

        ProcessFigures minus(ProcessFigures before) {
            return new ProcessFigures(rssKb, cpuSeconds - before.cpuSeconds);
        }
    }

    public static void main(String[] args) throws Exception {
        BenchConfig config = BenchConfig.fromSystemProperties();
        if (config.scenario().equals("quiet")) {
            int status;
            try {
                status = QuietProbe.run(config, HttpClient.newHttpClient(), System.getProperty("bench.productPid"));
            } catch (Exception | AssertionError e) {
                e.printStackTrace();
                status = 2;
            }
            System.exit(status); // also when client threads would keep the JVM alive
        }
        List<Result> results = new ArrayList<>();
        for (String target : config.targets()) {
            results.add(run(config, target, System.getProperty("bench." + target + "Pid")));
        }
        Result ceiling = results.stream().filter(r -> r.target().equals(BASELINE)).findFirst().orElse(null);
        StringBuilder table = new StringBuilder();
        results.forEach(result -> table.append(describe(result, ceiling)));
        System.out.println(table);
        Files.createDirectories(config.output());
        Path json = config.output().resolve(config.scenario() + "-" + Instant.now().toString().replace(':', '-') + ".json");
        var array = Json.createArrayBuilder();
        results.forEach(result -> array.add(toJson(result, ceiling)));
        Files.writeString(json, array.build().toString());
        System.out.println("JSON: " + json.toAbsolutePath());
        boolean clean = results.stream().allMatch(r -> r.lost() == 0 && r.recorder().duplicates.get() == 0
                && (r.persisted() < 0 || r.persisted() == r.recorder().acceptedMessages()));
        System.exit(clean ? 0 : 1);
    }

    /** One target, one run: connect, warm up, measure, drain. */
    public static Result run(BenchConfig config, String target, String serverPid) throws Exception {
        ExecutorService io = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "bench-io");
            thread.setDaemon(true);
            return thread;
        });
        try {
            return run(config, target, serverPid, HttpClient.newBuilder().executor(io).build());
        } finally {
            io.shutdownNow();
        }
    }

    private static Result run(BenchConfig config, String target, String serverPid, HttpClient http) throws Exception {
        boolean product = target.equals(PRODUCT);
        Recorder recorder = new Recorder(config.users(), config.roomSize());
        List<BenchSetup.User> users = List.of();
        List<String> rooms = List.of();
        if (product) {
            BenchSetup setup = new BenchSetup(http, config.productUrls().get(0));
            long started = System.nanoTime();
            users = setup.users(config.users());
            rooms = setup.rooms(users, config.roomSize());
            setup.close();
            log(target, "registered %d users, created %d rooms in %.1f s", users.size(), rooms.size(), seconds(System.nanoTime() - started));
        }

        // an idle scenario compares the node holding the connections with the same node holding none
        ProcessFigures withoutConnections = null;
        if (config.ratePerSecond() == 0 && serverPid != null) {
            sleepNanos(TimeUnit.SECONDS.toNanos(config.warmupSeconds())); // let sign-ups settle first
            ProcessFigures before = ProcessFigures.of(serverPid);
            sleepNanos(TimeUnit.SECONDS.toNanos(config.durationSeconds()));
            withoutConnections = ProcessFigures.of(serverPid).minus(before);
            log(target, "without connections: %.1f CPU-s in %d s, RSS %d MiB", withoutConnections.cpuSeconds(),
                    config.durationSeconds(), withoutConnections.rssKb() / 1024);
        }

        List<BenchClient> clients = new java.util.concurrent.CopyOnWriteArrayList<>();
        var pinger = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bench-pinger");
            thread.setDaemon(true);
            return thread;
        });
        if (product) { // each client every PING_SLOTS s, as the server asks, spread over them as independent clients' are
            AtomicInteger tick = new AtomicInteger();
            pinger.scheduleAtFixedRate(() -> {
                int slot = tick.getAndIncrement() % PING_SLOTS;
                for (int i = slot; i < clients.size(); i += PING_SLOTS) {
                    clients.get(i).ping();
                }
            }, 1, 1, TimeUnit.SECONDS);
        }
        AtomicInteger failures = new AtomicInteger();
        long connectStart = System.nanoTime();
        List<CompletableFuture<BenchClient>> connecting = new ArrayList<>();
        long pauseNanos = config.users() == 0 ? 0 : TimeUnit.SECONDS.toNanos(config.rampSeconds()) / config.users();
        for (int user = 0; user < config.users(); user++) {
            BenchClient client = new BenchClient(user, recorder, product);
            clients.add(client);
            int room = user / config.roomSize();
            URI uri = product
                    ? wsUri(config.productUrls().get(user % config.productUrls().size()), config.batch() ? "/ws/chat?batch=true" : "/ws/chat")
                    : wsUri(target.equals(WS_BASELINE) ? config.wsBaselineUrl() : config.baselineUrl(), "/baseline/ws?room=" + room);
            connecting.add(client.connect(http, uri, product ? users.get(user).token() : null)
                    .exceptionally(failure -> {
                        failures.incrementAndGet();
                        return null;
                    }));
            sleepNanos(pauseNanos);
        }
        CompletableFuture.allOf(connecting.toArray(CompletableFuture[]::new)).join();
        double connectSeconds = seconds(System.nanoTime() - connectStart);

        int connected = config.users() - failures.get();
        log(target, "%d connections established (%d failed) in %.1f s", connected, failures.get(), connectSeconds);

        if (config.ratePerSecond() == 0) {
            sleepNanos(TimeUnit.SECONDS.toNanos(config.warmupSeconds())); // idle: let the connect ramp settle before measuring
        }
        NodeLoads nodes = NodeLoads.fromSystemProperties();
        if (product && nodes.any()) {
            // the connect phase's work (JIT, sign-ups, presence) settles first: the idle window measures the nodes at rest
            sleepNanos(TimeUnit.SECONDS.toNanos(Integer.getInteger("bench.settleSeconds", 30)));
            nodes.measureIdle(Integer.getInteger("bench.idleSeconds", 20));
            log(target, "idle CPU of each node measured");
        }
        ProcessFigures serverBefore = ProcessFigures.of(serverPid);
        double generatorCpuBefore = generatorCpuSeconds();
        long measureStart = System.nanoTime() + (config.ratePerSecond() == 0 ? 0 : TimeUnit.SECONDS.toNanos(config.warmupSeconds()));
        long end = measureStart + TimeUnit.SECONDS.toNanos(config.durationSeconds());
        Instant windowFrom = Instant.now().plusSeconds(config.ratePerSecond() == 0 ? 0 : config.warmupSeconds());
        var window = new Window(windowFrom, windowFrom.plusSeconds(config.durationSeconds()));
        var windowTimer = Executors.newSingleThreadScheduledExecutor();
        if (nodes.any()) {
            windowTimer.schedule(nodes::windowStarts, measureStart - System.nanoTime(), TimeUnit.NANOSECONDS);
            windowTimer.schedule(nodes::windowEnds, end - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
        windowTimer.shutdown();
        if (config.ratePerSecond() > 0) {
            send(config, clients, rooms, product, recorder, measureStart, end);
            long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(config.drainSeconds());
            while ((recorder.delivered.get() < recorder.expectedDeliveries() || product && recorder.acked.get() < recorder.acceptedMessages())
                    && System.nanoTime() < drainUntil) {
                Thread.sleep(100);
            }
        } else {
            sleepNanos(end - System.nanoTime());
        }
        pinger.shutdownNow();
        windowTimer.awaitTermination(10, TimeUnit.SECONDS);
        ProcessFigures server = ProcessFigures.of(serverPid).minus(serverBefore);
        double generatorCpu = generatorCpuSeconds() - generatorCpuBefore;
        clients.forEach(BenchClient::close);
        long persisted = product ? persistedRows(rooms, recorder.acceptedMessages()) : -1;
        return new Result(target, config, recorder, connected, failures.get(), connectSeconds, config.durationSeconds(), server,
                generatorCpu, persisted, window, withoutConnections, nodes);
    }

    /** Messages stored in the run's rooms, once the persister caught up (or after 30 s); -1 without database settings. */
    private static long persistedRows(List<String> rooms, long expected) throws Exception {
        if (System.getenv("CHAT_DB_HOST") == null || rooms.isEmpty()) {
            return -1;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long count;
        do {
            count = 0;
            try (var db = TestEnvironment.openDatabase();
                 var query = db.prepareStatement("SELECT count(*) FROM messages WHERE room_id = ANY (?)")) {
                query.setArray(1, db.createArrayOf("varchar", rooms.toArray()));
                try (var result = query.executeQuery()) {
                    result.next();
                    count = result.getLong(1);
                }
            }
            if (count < expected) {
                Thread.sleep(500);
            }
        } while (count < expected && System.nanoTime() < deadline);
        return count;
    }

    /** Sends at the configured rate, round-robin over the users, in 10 ms ticks. */
    private static void send(BenchConfig config, List<BenchClient> clients, List<String> rooms, boolean product,
                             Recorder recorder, long measureStart, long end) {
        String padding = "x".repeat(Math.max(0, config.messageBytes() - 16));
        double perTick = config.ratePerSecond() / 100.0;
        double owed = 0;
        int message = 0;
        int next = 0;
        long tick = System.nanoTime();
        while (System.nanoTime() < end) {
            owed += perTick;
            for (; owed >= 1; owed--) {
                int user = next++ % clients.size();
                BenchClient client = clients.get(user);
                int room = user / config.roomSize();
                long now = System.nanoTime();
                recorder.sent(message, room, now, now >= measureStart);
                String content = BenchClient.CONTENT_PREFIX + message + ":" + padding;
                client.send(message, product
                        ? "{\"type\":\"SEND_MESSAGE\",\"roomId\":\"" + rooms.get(room) + "\",\"content\":\"" + content
                        + "\",\"clientMsgId\":\"" + message + "\"}"
                        : content);
                message++;
            }
            tick += TimeUnit.MILLISECONDS.toNanos(10);
            sleepNanos(tick - System.nanoTime());
        }
    }

    private static String describe(Result r, Result ceiling) {
        Recorder rec = r.recorder();
        StringBuilder out = new StringBuilder();
        out.append(String.format("%n=== %s: scenario %s, %d users in rooms of %d, %d msg/s for %d s (warm-up %d s), %d-byte messages%n",
                r.target(), r.config().scenario(), r.config().users(), r.config().roomSize(), r.config().ratePerSecond(),
                r.config().durationSeconds(), r.config().warmupSeconds(), r.config().messageBytes()));
        out.append(String.format("connections   %d held, %d failed, established in %.1f s%n", r.connected(), r.connectFailures(), r.connectSeconds()));
        out.append(String.format("messages      %d sent (%d measured), %d refused (%d in the window), %d acked, %d errors%s%n", rec.sentCount.get(),
                rec.measuredSent.get(), rec.refused.get(), rec.measuredRefused.get(), rec.acked.get(), rec.errors.get(),
                rec.errorKinds.isEmpty() ? "" : " (" + rec.errorsByKind() + ")"));
        out.append(String.format("window        %s to %s (UTC)%n", r.window().from(), r.window().to()));
        out.append(String.format("deliveries    %d of %d expected: lost %d, duplicated %d; %.0f deliveries/s measured%s%n",
                rec.delivered.get(), rec.expectedDeliveries(), r.lost(), rec.duplicates.get(), r.deliveriesPerSecond(),
                ceiling != null && ceiling != r ? String.format(" (%.2f × ceiling)", r.deliveriesPerSecond() / ceiling.deliveriesPerSecond()) : ""));
        out.append(line("delivery ms", rec.deliveryMicros, ceiling == null || ceiling == r ? null : ceiling.recorder().deliveryMicros));
        if (rec.ackMicros.getTotalCount() > 0) {
            out.append(line("ack ms", rec.ackMicros, null));
        }
        if (r.persisted() >= 0) {
            out.append(String.format("persisted     %d rows for %d messages taken%n", r.persisted(), rec.acceptedMessages()));
        }
        out.append(String.format("cpu           server %.1f s, generator %.1f s over the run; server RSS %d MiB%n",
                r.server().cpuSeconds(), r.generatorCpuSeconds(), r.server().rssKb() / 1024));
        if (r.nodes() != null && r.nodes().any()) {
            out.append(r.nodes().describe(r.config().durationSeconds()));
        }
        if (r.withoutConnections() != null && r.connected() > 0) {
            out.append(String.format("idle cost     %.3f core more than without connections (%.1f vs %.1f CPU-s in %d s); RSS %d → %d MiB, %d bytes per connection%n",
                    (r.server().cpuSeconds() - r.withoutConnections().cpuSeconds()) / r.config().durationSeconds(),
                    r.server().cpuSeconds(), r.withoutConnections().cpuSeconds(), r.config().durationSeconds(),
                    r.withoutConnections().rssKb() / 1024, r.server().rssKb() / 1024,
                    (r.server().rssKb() - r.withoutConnections().rssKb()) * 1024 / r.connected()));
        }
        return out.toString();
    }

    private static String line(String label, Histogram h, Histogram ceiling) {
        String figures = String.format("%-13s p50 %.1f  p95 %.1f  p99 %.1f  p99.9 %.1f  max %.1f", label,
                ms(h, 50), ms(h, 95), ms(h, 99), ms(h, 99.9), h.getMaxValue() / 1000.0);
        if (ceiling != null && ceiling.getTotalCount() > 0) {
            figures += String.format("   (p50 %.1f×, p99 %.1f× the ceiling's)", ms(h, 50) / Math.max(0.001, ms(ceiling, 50)),
                    ms(h, 99) / Math.max(0.001, ms(ceiling, 99)));
        }
        return figures + System.lineSeparator();
    }

    private static JsonObject toJson(Result r, Result ceiling) {
        Recorder rec = r.recorder();
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("target", r.target()).add("scenario", r.config().scenario())
                .add("users", r.config().users()).add("roomSize", r.config().roomSize()).add("ratePerSecond", r.config().ratePerSecond())
                .add("durationSeconds", r.config().durationSeconds()).add("warmupSeconds", r.config().warmupSeconds())
                .add("messageBytes", r.config().messageBytes())
                .add("connected", r.connected()).add("connectFailures", r.connectFailures()).add("connectSeconds", r.connectSeconds())
                .add("sent", rec.sentCount.get()).add("refused", rec.refused.get()).add("refusedMeasured", rec.measuredRefused.get()).add("acked", rec.acked.get()).add("errors", rec.errors.get()).add("errorsByKind", rec.errorsByKind())
                .add("expectedDeliveries", rec.expectedDeliveries()).add("delivered", rec.delivered.get())
                .add("lost", r.lost()).add("duplicates", rec.duplicates.get())
                .add("deliveriesPerSecond", r.deliveriesPerSecond())
                .add("deliveryMs", percentiles(rec.deliveryMicros)).add("ackMs", percentiles(rec.ackMicros))
                .add("serverCpuSeconds", r.server().cpuSeconds()).add("serverRssKb", r.server().rssKb())
                .add("generatorCpuSeconds", r.generatorCpuSeconds()).add("persisted", r.persisted())
                .add("windowFrom", r.window().from().toString()).add("windowTo", r.window().to().toString());
        if (r.withoutConnections() != null && r.connected() > 0) {
            json.add("serverCpuSecondsWithoutConnections", r.withoutConnections().cpuSeconds())
                    .add("serverRssKbWithoutConnections", r.withoutConnections().rssKb())
                    .add("idleCoresPerConnectionsHeld", (r.server().cpuSeconds() - r.withoutConnections().cpuSeconds()) / r.config().durationSeconds())
                    .add("rssBytesPerConnection", (r.server().rssKb() - r.withoutConnections().rssKb()) * 1024 / r.connected());
        }
        if (r.nodes() != null && r.nodes().any()) {
            var nodes = Json.createObjectBuilder();
            r.nodes().figures(r.config().durationSeconds()).forEach((name, cpu) -> nodes.add(name, Json.createObjectBuilder()
                    .add("windowCpuSeconds", cpu[0]).add("idleCpuSeconds", cpu[1]).add("loadCpuSeconds", cpu[2])));
            json.add("nodes", nodes).add("lastNodeLoadToFirst", r.nodes().lastToFirst(r.config().durationSeconds()));
        }
        if (ceiling != null && ceiling != r && ceiling.deliveriesPerSecond() > 0) {
            json.add("deliveriesPerSecondToCeiling", r.deliveriesPerSecond() / ceiling.deliveriesPerSecond());
        }
        return json.build();
    }

    static JsonObject percentiles(Histogram h) {
        return Json.createObjectBuilder().add("count", h.getTotalCount()).add("p50", ms(h, 50)).add("p95", ms(h, 95))
                .add("p99", ms(h, 99)).add("p999", ms(h, 99.9)).add("max", h.getMaxValue() / 1000.0).build();
    }

    static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }

    private static URI wsUri(URI http, String path) {
        return URI.create(http.toString().replaceFirst("/$", "").replaceFirst("^http", "ws") + path);
    }

    private static double generatorCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static void sleepNanos(long nanos) {
        if (nanos > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(nanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void log(String target, String format, Object... args) {
        System.out.printf("[%s] %s%n", target, String.format(format, args));
    }
}
