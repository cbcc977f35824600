package dev.chat.it;

import dev.chat.api.frame.Ack;
import dev.chat.api.frame.MessageDelivered;
import dev.chat.api.frame.SendMessage;
import dev.chat.it.support.AliceAndBobInAGroup;
import dev.chat.it.support.NodeMetrics;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator scrapes from {@code /metrics}: every metric the Grafana dashboard in
 * {@code docs/grafana/} names is exported, and a message moves the latency histograms, which carry
 * the quantiles and buckets configured for them.
 */
class MetricsIT extends AliceAndBobInAGroup {
    private static final Path DASHBOARD = Path.of(System.getProperty("chat.repo.dir", "..")).resolve("docs/grafana/chat-platform.json");
    private static final Pattern METRIC = Pattern.compile("\\b(?:chat|presence)_[a-z0-9_]+\\b");
    private static final List<String> LATENCIES = List.of(
            "chat_messages_ack_latency_ms", "chat_messages_persist_latency_ms", "chat_messages_fanout_latency_ms");

    @Test
    void everyMetricTheDashboardNamesIsExported() throws Exception {
        Set<String> named = new TreeSet<>();
        for (String expression : expressionsOf(DASHBOARD)) {
            Matcher metric = METRIC.matcher(expression);
            while (metric.find()) {
                named.add(metric.group());
            }
        }
        assertThat(named).as("metrics in %s", DASHBOARD).hasSizeGreaterThan(15);

        String exported = NodeMetrics.text(base);
        Set<String> samples = new TreeSet<>();
        Matcher sample = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]").matcher(exported);
        while (sample.find()) {
            samples.add(sample.group(1));
        }
        assertThat(samples).as("the samples of /metrics").containsAll(named);
    }

    @Test
    void aMessageMovesTheLatencyHistogramsWhichHaveTheirQuantilesAndBuckets() {
        double acknowledged = NodeMetrics.value(base, "chat_messages_ack_latency_ms_count");
        try (var aliceSession = alice.connect(base); var bobSession = bob.connect(base)) {
            aliceSession.send(new SendMessage(room, "measured", "m-1", null));
            String messageId = aliceSession.await(Ack.class, Ack::durable).messageId();
            bobSession.await(MessageDelivered.class, delivered -> delivered.messageId().equals(messageId));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(NodeMetrics.value(base, "chat_messages_ack_latency_ms_count")).isGreaterThanOrEqualTo(acknowledged + 1);
            for (String latency : LATENCIES) {
                assertThat(NodeMetrics.value(base, latency + "_count")).as(latency).isPositive();
                assertThat(NodeMetrics.value(base, latency, "quantile=\"0.99\"")).as(latency + " p99").isNotNegative();
                assertThat(NodeMetrics.value(base, latency + "_bucket", "le=\"100.0\"")).as(latency + " bucket").isNotNegative();
            }
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                NodeMetrics.value(base, "chat_kafka_consumer_lag_records", "group=\"chat-persister\"")).as("the persister's lag is read").isNotNaN());
    }

    private static List<String> expressionsOf(Path dashboard) throws Exception {
        List<String> expressions = new ArrayList<>();
        try (Reader json = Files.newBufferedReader(dashboard)) {
            for (JsonValue panel : Json.createReader(json).readObject().getJsonArray("panels")) {
                for (JsonObject target : panel.asJsonObject().getJsonArray("targets").getValuesAs(JsonObject.class)) {
                    expressions.add(target.getString("expr"));
                }
            }
        }
        return expressions;
    }
}
