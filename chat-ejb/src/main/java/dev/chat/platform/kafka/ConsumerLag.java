package dev.chat.platform.kafka;

import dev.chat.platform.concurrent.ApplicationThreads;
import dev.chat.platform.startup.StartsWithApplication;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code chat_kafka_consumer_lag_records{group=…}}: how many records each consumer group this node
 * takes part in has not committed yet, asked of the broker every
 * {@code chat.metrics.kafka-lag-interval-ms}. The groups are those of the node's enabled incoming
 * channels that commit offsets (the persister, the notifier, the notification delivery, the
 * moderation stage as the node's role has them); the per-node fan-out groups commit nothing (they
 * start at the end when a node starts), so they have no lag to tell. Every node in a group reports
 * the group's whole lag: a dashboard takes the largest per group. Until the first answer, and
 * while the broker does not answer, the value is NaN (unknown), never a reassuring 0.
 */
@ApplicationScoped
public class ConsumerLag implements StartsWithApplication {
    private static final Logger LOG = Logger.getLogger(ConsumerLag.class.getName());
    private static final Pattern GROUP_ID = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.group\\.id");

    @Inject
    KafkaBroker broker;

    @Inject
    MetricRegistry metrics;

    @Inject
    ApplicationThreads threads;

    @Inject
    Config config;

    @Inject
    @ConfigProperty(name = "chat.metrics.kafka-lag-interval-ms", defaultValue = "15000")
    long intervalMs;

    private final Map<String, Double> lags = new ConcurrentHashMap<>();
    private ScheduledFuture<?> task;

    @Override
    public void start() {
        Metadata lag = Metadata.builder().withName("chat_kafka_consumer_lag_records")
                .withDescription("Records a consumer group has not committed yet (end offset minus committed offset, summed over its partitions)")
                .withUnit(MetricUnits.NONE).build();
        for (String group : committingGroups()) {
            lags.put(group, Double.NaN);
            metrics.gauge(lag, lags, all -> all.getOrDefault(group, Double.NaN), new Tag("group", group));
        }
        if (!lags.isEmpty() && intervalMs > 0) {
            threads.execute(ApplicationThreads.logged("read the consumer groups' lag", this::measure)); // known from the start, not after one interval
            task = threads.every("kafka-lag", Duration.ofMillis(intervalMs), this::measure);
        }
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    void measure() {
        for (String group : lags.keySet()) {
            try {
                lags.put(group, broker.lagOf(group).toCompletableFuture().get(KafkaBroker.TIMEOUT_MS * 2L, TimeUnit.MILLISECONDS).doubleValue());
            } catch (ExecutionException | TimeoutException e) {
                lags.put(group, Double.NaN);
                LOG.log(Level.FINE, "Could not read the lag of consumer group " + group + " (the broker did not answer)", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The group ids of the enabled incoming channels that commit what they consumed. */
    private Set<String> committingGroups() {
        Set<String> groups = new TreeSet<>();
        for (String name : config.getPropertyNames()) {
            Matcher groupId = GROUP_ID.matcher(name);
            if (!groupId.matches()) {
                continue;
            }
            String channel = "mp.messaging.incoming." + groupId.group(1) + ".";
            boolean enabled = config.getOptionalValue(channel + "enabled", Boolean.class).orElse(true);
            boolean commits = !config.getOptionalValue(channel + "commit-strategy", String.class).orElse("").equals("ignore");
            if (enabled && commits) {
                groups.add(config.getValue(name, String.class));
            }
        }
        return groups;
    }
}
