package dev.chat.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Payara Micro nodes forming one cluster, started the way {@code bin/chat up --nodes N} starts them
 * ({@code server-config/bin/micro-node}: TCP/IP discovery on loopback), on free ports and on the
 * test stack (the environment Maven gives the tests). Each node's log is under
 * {@code target/cluster/}. Closing stops every node that still runs.
 */
public final class ClusterNodes implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofMinutes(4);

    /** One node; {@link #kill()} is a crash (SIGKILL: no shutdown hook, no close frames). */
    public record Node(String name, URI base, Process process, Path log) {
        public void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }

        public String logText() {
            try {
                return Files.exists(log) ? Files.readString(log) : "";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final List<Node> nodes;
    private final List<ProcessBuilder> launchers = new ArrayList<>();

    private ClusterNodes(List<Node> nodes) {
        this.nodes = nodes;
    }

    /**
     * Starts again, with the same name, port and settings, every node that is not running (a test
     * killed it), and returns when they are ready: each test gets the whole cluster whatever ran before it.
     */
    public void restartStopped() throws Exception {
        Instant deadline = Instant.now().plus(STARTUP);
        List<Node> restarted = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            if (!node.process().isAlive()) {
                System.out.printf("[cluster] %s is not running (exit %d), starting it again%n", node.name(), node.process().exitValue());
                Node again = new Node(node.name(), node.base(), launchers.get(i).start(), node.log());
                nodes.set(i, again);
                restarted.add(again);
            }
        }
        for (Node node : restarted) {
            awaitReady(node, deadline);
        }
    }

    /**
     * Starts {@code count} nodes at once, with the test settings and then {@code options} (which win), and returns when
     * all report ready (or fails with the log of the one that did not).
     */
    public static ClusterNodes start(int count, String clusterName, String... options) throws Exception {
        return start(count, clusterName, java.util.Map.of(), options);
    }

    /** Like {@link #start(int, String, String...)}, with settings of some nodes' own ({@code nodeOptions} by index, after the others). */
    public static ClusterNodes start(int count, String clusterName, java.util.Map<Integer, List<String>> nodeOptions, String... options) throws Exception {
        return start(count, clusterName, java.util.Map.of(), nodeOptions, options);
    }

    /**
     * Like {@link #start(int, String, java.util.Map, String...)}, with environment variables of some nodes' own
     * ({@code nodeEnvironment} by index): the way to override an {@code otel.*} key that the application sets
     * (docs/observability.md: Payara refuses such a key given twice, as a default and as a {@code -D} option).
     */
    public static ClusterNodes start(int count, String clusterName, java.util.Map<Integer, java.util.Map<String, String>> nodeEnvironment,
                                     java.util.Map<Integer, List<String>> nodeOptions, String... options) throws Exception {
        Path repo = Path.of(System.getProperty("chat.repo.dir", "..")).toAbsolutePath().normalize();
        Path logs = repo.resolve("it-tests/target/cluster");
        Files.createDirectories(logs);
        int[] clusterPorts = IntStream.range(0, count).map(i -> freePort()).toArray();
        String members = Arrays.stream(clusterPorts).mapToObj(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
        List<String> settings = Arrays.stream(System.getProperty("it.chat.settings", "").split("\\s+"))
                .filter(option -> !option.isBlank()).toList();

        List<Node> started = new ArrayList<>();
        var cluster = new ClusterNodes(started);
        try {
            for (int i = 0; i < count; i++) {
                int httpPort = freePort();
                String name = clusterName + "-" + i;
                List<String> command = new ArrayList<>(List.of(repo.resolve("server-config/bin/micro-node").toString(), String.valueOf(httpPort)));
                command.addAll(settings);
                command.addAll(List.of(options));
                command.addAll(nodeOptions.getOrDefault(i, List.of()));
                Path log = logs.resolve(name + ".log");
                var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
                builder.environment().putAll(java.util.Map.of(
                        "CHAT_NODE_NAME", name,
                        "CHAT_NODE_HEAP", "768m",
                        "CHAT_CLUSTER_NAME", clusterName,
                        "CHAT_CLUSTER_MEMBERS", members,
                        "CHAT_CLUSTER_PORT", String.valueOf(clusterPorts[i])));
                builder.environment().putAll(nodeEnvironment.getOrDefault(i, java.util.Map.of()));
                Files.deleteIfExists(log);
                cluster.launchers.add(builder);
                started.add(new Node(name, URI.create("http://127.0.0.1:" + httpPort + "/"), builder.start(), log));
            }
            Instant deadline = Instant.now().plus(STARTUP);
            for (Node node : started) {
                awaitReady(node, deadline);
            }
            return cluster;
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    public Node node(int index) {
        return nodes.get(index);
    }

    public List<URI> bases() {
        return nodes.stream().map(Node::base).toList();
    }

    @Override
    public void close() {
        nodes.forEach(node -> node.process().destroy());
        for (Node node : nodes) {
            try {
                if (!node.process().waitFor(60, TimeUnit.SECONDS)) {
                    node.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                node.process().destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void awaitReady(Node node, Instant deadline) throws Exception {
        while (true) {
            if (!node.process().isAlive()) {
                throw new AssertionError(node.name() + " exited with " + node.process().exitValue() + "; log:\n" + tail(node));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(node.name() + " not ready within " + STARTUP + "; log:\n" + tail(node));
            }
            try {
                if (NodeReadiness.readiness(node.base()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // the node opens its HTTP port late in its start
            }
            Thread.sleep(500);
        }
    }

    private static String tail(Node node) {
        List<String> lines = node.logText().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
