package dev.chat.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * One benchmark run's settings, from system properties ({@code -Dbench.users=1000} …) over the
 * scenario's defaults. Every figure the run prints names the settings it was measured with.
 */
public record BenchConfig(String scenario, String target, List<URI> productUrls, URI baselineUrl, URI wsBaselineUrl, int users, int roomSize,
                          int ratePerSecond, int durationSeconds, int warmupSeconds, int rampSeconds, int messageBytes,
                          int drainSeconds, Path output, boolean batch) {

    /** Scenario defaults: the loads of the targets in docs/benchmarks.md. */
    public static BenchConfig fromSystemProperties() {
        String scenario = System.getProperty("bench.scenario", "chat");
        int[] defaults = switch (scenario) {
            //                users, roomSize, rate, duration, warmup, ramp
            // 120 s warm-up: under load a fresh node's JIT compiles for about two minutes, up to 0.6 core (docs/benchmarks.md)
            case "chat" -> new int[]{1000, 10, 1000, 60, 120, 10};
            case "burst" -> new int[]{1000, 1000, 50, 60, 120, 10};
            case "connections" -> new int[]{10000, 10, 0, 30, 120, 60}; // 120 s settle: the JIT (still compiling at 60 s) and the GC finish the sign-up and connect phases
            case "smoke" -> new int[]{200, 10, 100, 10, 2, 3};
            case "seed" -> new int[]{10000, 10, 1000, 60, 120, 60};
            case "quiet" -> new int[]{0, 3, 0, 0, 0, 0}; // see QuietProbe
            case "cluster" -> new int[]{1000, 10, 300, 60, 20, 10}; // users on two nodes, a third with none (the bench script starts them)
            default -> throw new IllegalArgumentException("bench.scenario must be chat, burst, connections, seed, quiet, cluster or smoke");
        };
        return new BenchConfig(scenario,
                System.getProperty("bench.target", "all"),
                Arrays.stream(System.getProperty("bench.productUrls", "http://127.0.0.1:18080").split(",")).map(URI::create).toList(),
                URI.create(System.getProperty("bench.baselineUrl", "http://127.0.0.1:18090")),
                URI.create(System.getProperty("bench.wsBaselineUrl", "http://127.0.0.1:18091")),
                Integer.getInteger("bench.users", defaults[0]),
                Integer.getInteger("bench.roomSize", defaults[1]),
                Integer.getInteger("bench.rate", defaults[2]),
                Integer.getInteger("bench.durationSeconds", defaults[3]),
                Integer.getInteger("bench.warmupSeconds", defaults[4]),
                Integer.getInteger("bench.rampSeconds", defaults[5]),
                Integer.getInteger("bench.messageBytes", 100),
                Integer.getInteger("bench.drainSeconds", 30),
                Path.of(System.getProperty("bench.output", "target/bench")),
                Boolean.parseBoolean(System.getProperty("bench.batch", "true")));
    }

    /** The same settings with another scenario's sizes, for tests that run a small load in-suite. */
    public static BenchConfig of(String scenario, URI productUrl, int users, int roomSize, int ratePerSecond, int durationSeconds) {
        return new BenchConfig(scenario, "product", List.of(productUrl), productUrl, productUrl, users, roomSize, ratePerSecond, durationSeconds,
                2, 3, 100, 60, Path.of("target/bench"), false);
    }

    /**
     * What {@code bench.target} names: {@code all} (default: the Payara ceiling, Node's ws, the
     * product, in that order), {@code both} (ceiling and product), or a comma-separated list.
     */
    public List<String> targets() {
        return switch (target) {
            case "all" -> List.of(LoadGenerator.BASELINE, LoadGenerator.WS_BASELINE, LoadGenerator.PRODUCT);
            case "both" -> List.of(LoadGenerator.BASELINE, LoadGenerator.PRODUCT);
            default -> List.of(target.split(","));
        };
    }

    public int rooms() {
        return (users + roomSize - 1) / roomSize;
    }
}
