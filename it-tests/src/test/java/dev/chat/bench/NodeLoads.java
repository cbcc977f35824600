package dev.chat.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CPU of each node of a cluster run ({@code bench.nodes=name=pid,name=pid,…}): taken while the
 * clients are connected and nothing is sent (each node's own idle cost), then over the measured
 * window, so that what a node spends on the load is its window minus its idle CPU.
 */
public final class NodeLoads {
    private final Map<String, String> pids = new LinkedHashMap<>();
    private final Map<String, Double> idle = new LinkedHashMap<>();
    private final Map<String, Double> window = new LinkedHashMap<>();
    private int idleSeconds;
    private Map<String, Double> windowStart = Map.of();

    /** The nodes named in {@code bench.nodes}; none when it is not set. */
    public static NodeLoads fromSystemProperties() {
        NodeLoads loads = new NodeLoads();
        Arrays.stream(System.getProperty("bench.nodes", "").split(",")).filter(node -> node.contains("=")).forEach(node -> {
            String[] nameAndPid = node.split("=", 2);
            loads.pids.put(nameAndPid[0].trim(), nameAndPid[1].trim());
        });
        return loads;
    }

    public boolean any() {
        return !pids.isEmpty();
    }

    /** Measures each node's CPU over {@code seconds} of no load (the clients connected, nothing sent). */
    public void measureIdle(int seconds) throws InterruptedException {
        idleSeconds = seconds;
        Map<String, Double> before = cpu();
        Thread.sleep(seconds * 1000L);
        cpu().forEach((name, now) -> idle.put(name, now - before.get(name)));
    }

    public void windowStarts() {
        windowStart = cpu();
    }

    public void windowEnds() {
        cpu().forEach((name, now) -> window.put(name, now - windowStart.getOrDefault(name, now)));
    }

    /**
     * One line per node: CPU over the window, its idle CPU scaled to the window, the difference
     * (what the load cost it) and that as a share of the first node's.
     */
    public String describe(int windowSeconds) {
        StringBuilder out = new StringBuilder();
        String first = pids.keySet().iterator().next();
        double firstLoad = load(first, windowSeconds);
        for (String name : pids.keySet()) {
            out.append(String.format("node          %s: %.1f CPU-s in the window, %.1f idle → %.1f for the load (%.1f %% of %s's)%n",
                    name, window.getOrDefault(name, 0.0), idleOver(name, windowSeconds), load(name, windowSeconds),
                    100 * load(name, windowSeconds) / Math.max(0.001, firstLoad), first));
        }
        return out.toString();
    }

    /** Per node: window, idle (scaled to the window) and load CPU-seconds. */
    public Map<String, double[]> figures(int windowSeconds) {
        Map<String, double[]> figures = new LinkedHashMap<>();
        pids.keySet().forEach(name -> figures.put(name, new double[]{window.getOrDefault(name, 0.0), idleOver(name, windowSeconds), load(name, windowSeconds)}));
        return figures;
    }

    /** The last node's load as a share of the first node's (the cluster scenario's figure: the node without sessions). */
    public double lastToFirst(int windowSeconds) {
        String first = pids.keySet().iterator().next();
        String last = pids.keySet().stream().reduce((a, b) -> b).orElseThrow();
        return load(last, windowSeconds) / Math.max(0.001, load(first, windowSeconds));
    }

    private double load(String name, int windowSeconds) {
        return window.getOrDefault(name, 0.0) - idleOver(name, windowSeconds);
    }

    private double idleOver(String name, int windowSeconds) {
        return idleSeconds == 0 ? 0 : idle.getOrDefault(name, 0.0) * windowSeconds / idleSeconds;
    }

    private Map<String, Double> cpu() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        pids.forEach((name, pid) -> cpu.put(name, LoadGenerator.ProcessFigures.of(pid).cpuSeconds()));
        return cpu;
    }
}
