package dev.chat.bench;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The figures docs/benchmarks.md records: the median, per target, of several runs' JSON files
 * (written by {@link LoadGenerator}), with the smallest and largest run beside it, because one
 * run on a shared machine proves little.   {@code Medians <run.json>…}
 */
public final class Medians {

    private record Figure(String label, String format, ToDoubleFunction<JsonObject> value) {
    }

    private static final List<Figure> FIGURES = List.of(
            new Figure("connections held", "%.0f", run -> number(run, "connected")),
            new Figure("connect s", "%.1f", run -> number(run, "connectSeconds")),
            new Figure("deliveries/s", "%.0f", run -> number(run, "deliveriesPerSecond")),
            new Figure("× ceiling", "%.2f", run -> number(run, "deliveriesPerSecondToCeiling")),
            new Figure("refused", "%.0f", run -> number(run, "refused")),
            new Figure("refused in the window", "%.0f", run -> number(run, "refusedMeasured")),
            new Figure("lost", "%.0f", run -> number(run, "lost")),
            new Figure("duplicated", "%.0f", run -> number(run, "duplicates")),
            new Figure("errors", "%.0f", run -> number(run, "errors")),
            new Figure("delivery p50 ms", "%.1f", run -> percentile(run, "deliveryMs", "p50")),
            new Figure("delivery p95 ms", "%.1f", run -> percentile(run, "deliveryMs", "p95")),
            new Figure("delivery p99 ms", "%.1f", run -> percentile(run, "deliveryMs", "p99")),
            new Figure("delivery max ms", "%.1f", run -> percentile(run, "deliveryMs", "max")),
            new Figure("ack p50 ms", "%.1f", run -> percentile(run, "ackMs", "p50")),
            new Figure("ack p99 ms", "%.1f", run -> percentile(run, "ackMs", "p99")),
            new Figure("fresh room max ms", "%.1f", run -> percentile(run, "freshMs", "max")),
            new Figure("quiet room max ms", "%.1f", run -> percentile(run, "quietMs", "max")),
            new Figure("probes over 50 ms", "%.0f", run -> number(run, "probesOver50Ms")),
            new Figure("first message since start ms", "%.1f", run -> number(run, "firstMessageMs")),
            new Figure("presence p50 ms", "%.1f", run -> percentile(run, "presenceMs", "p50")),
            new Figure("presence max ms", "%.1f", run -> percentile(run, "presenceMs", "max")),
            new Figure("membership p50 ms", "%.1f", run -> percentile(run, "membershipMs", "p50")),
            new Figure("membership max ms", "%.1f", run -> percentile(run, "membershipMs", "max")),
            new Figure("membership answered p50 ms", "%.1f", run -> percentile(run, "membershipAnsweredMs", "p50")),
            new Figure("membership answered max ms", "%.1f", run -> percentile(run, "membershipAnsweredMs", "max")),
            new Figure("idle cpu s", "%.2f", run -> number(run, "idleCpuSeconds")),
            new Figure("idle cores (held − none)", "%.3f", run -> number(run, "idleCoresPerConnectionsHeld")),
            new Figure("RSS bytes per connection", "%.0f", run -> number(run, "rssBytesPerConnection")),
            new Figure("last node's load / first's", "%.3f", run -> number(run, "lastNodeLoadToFirst")),
            new Figure("search p50 ms", "%.1f", run -> percentile(run, "searchMs", "p50")),
            new Figure("search p95 ms", "%.1f", run -> percentile(run, "searchMs", "p95")),
            new Figure("search max ms", "%.1f", run -> percentile(run, "searchMs", "max")),
            new Figure("search fill s", "%.0f", run -> number(run, "fillSeconds")),
            new Figure("server cpu s", "%.1f", run -> number(run, "serverCpuSeconds")),
            new Figure("server RSS MiB", "%.0f", run -> number(run, "serverRssKb") / 1024));

    private Medians() {
    }

    public static void main(String[] files) throws IOException {
        Map<String, List<JsonObject>> runsByTarget = new LinkedHashMap<>();
        for (String file : files) {
            try (JsonReader reader = Json.createReader(Files.newBufferedReader(Path.of(file)))) {
                JsonArray targets = reader.readArray();
                targets.getValuesAs(JsonObject.class)
                        .forEach(run -> runsByTarget.computeIfAbsent(run.getString("target"), t -> new ArrayList<>()).add(run));
            }
        }
        System.out.println(table(runsByTarget, files.length));
    }

    static String table(Map<String, List<JsonObject>> runsByTarget, int runs) {
        StringBuilder out = new StringBuilder(String.format("median of %d runs (min – max)%n", runs));
        runsByTarget.forEach((target, targetRuns) -> {
            out.append(String.format("%n=== %s%n", target));
            for (Figure figure : FIGURES) {
                double[] values = targetRuns.stream().mapToDouble(figure.value()).sorted().toArray();
                if (Double.isNaN(values[0])) {
                    continue;
                }
                out.append(String.format("%-26s " + figure.format() + "  (" + figure.format() + " – " + figure.format() + ")%n",
                        figure.label(), median(values), values[0], values[values.length - 1]));
            }
        });
        return out.toString();
    }

    /** The middle value of sorted values; the mean of the two middle ones for an even count. */
    static double median(double[] sorted) {
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** NaN (not shown) for a histogram without values (the baseline has no ACKs) or one the scenario does not have. */
    private static double percentile(JsonObject run, String histogram, String percentile) {
        JsonObject values = run.containsKey(histogram) ? run.getJsonObject(histogram) : null;
        return values == null || values.getJsonNumber("count").longValue() == 0 ? Double.NaN : values.getJsonNumber(percentile).doubleValue();
    }

    /** NaN (not shown) for a figure the scenario does not have. */
    private static double number(JsonObject run, String key) {
        return run.containsKey(key) ? run.getJsonNumber(key).doubleValue() : Double.NaN;
    }
}
