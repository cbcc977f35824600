package dev.chat.region.boundary;

import dev.chat.platform.concurrent.ApplicationThreads;
import dev.chat.platform.kafka.Channels;
import dev.chat.platform.kafka.KeyedRecords;
import dev.chat.platform.kafka.MergedPolls;
import dev.chat.platform.kafka.RegionTopics;
import dev.chat.platform.persistence.DatabaseRefusal;
import dev.chat.platform.startup.StartsWithApplication;
import dev.chat.region.control.CatalogueChanges;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The catalogue between regions (docs/regions.md): accounts, their data keys, rooms and
 * memberships, changed in any region, are applied in every region. With {@code chat.region.mirrored}
 * the database's triggers record each change ({@link CatalogueChanges}); every
 * {@code chat.region.catalogue-interval-ms} one node of the region sends what was recorded to
 * {@code chat.catalogue}, in order, under one key (one partition: a membership never overtakes its
 * room or its user); MirrorMaker 2 copies it to the other regions, whose nodes apply it
 * ({@code <region>.chat.catalogue}, group {@code chat-catalogue}). A change that cannot be applied
 * (a username taken in both regions at once) is logged as SEVERE, counted
 * ({@code chat_region_catalogue_refused_total}) and skipped: the changes after it go on.
 */
@ApplicationScoped
public class CatalogueReplication implements StartsWithApplication {
    private static final Logger LOG = Logger.getLogger(CatalogueReplication.class.getName());
    /** Every change under one key: one partition, one order. */
    static final String KEY = "catalogue";

    @Inject
    CatalogueChanges changes;

    @Inject
    ApplicationThreads threads;

    @Inject
    MetricRegistry metrics;

    @Inject
    @ConfigProperty(name = "chat.region.mirrored") // default in microprofile-config.properties (read by three beans and a channel)
    boolean mirrored;

    @Inject
    @ConfigProperty(name = "chat.region")
    String region;

    @Inject
    @ConfigProperty(name = "chat.region.catalogue-interval-ms", defaultValue = "250")
    long intervalMs;

    @Inject
    @ConfigProperty(name = "chat.kafka.ack-timeout-ms") // default in microprofile-config.properties (read by three beans)
    long ackTimeoutMs;

    @Inject
    @Channel(Channels.CATALOGUE_OUT)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
    Emitter<String> catalogue;

    private MergedPolls<String, String> polls;
    private Counter refused;

    @PostConstruct
    void createIntake() {
        refused = metrics.counter(Metadata.builder().withName("chat_region_catalogue_refused_total")
                .withDescription("Catalogue changes of another region this region could not apply (skipped, logged as SEVERE)").build());
        if (mirrored) {
            polls = new MergedPolls<>(Channels.CATALOGUE_APPLY, threads.lane("catalogue", 1), 500, 1000, this::apply);
        }
    }

    @Override
    public void start() {
        changes.recordChanges(mirrored, region);
        if (mirrored) {
            threads.every("catalogue-changes", Duration.ofMillis(intervalMs), this::sendPending);
        }
    }

    /** Rounds in a row that could not send (the sender's timer thread only), for the log's pace. */
    private long failedRounds;

    void sendPending() {
        try {
            while (changes.sendPending(500, change -> KeyedRecords.send(catalogue, KEY, valueOf(change)).toCompletableFuture(),
                    ackTimeoutMs) == 500) {
                // more waiting: the next batch at once
            }
            failedRounds = 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failedRounds++;
            // loud at first and then now and again (a round every chat.region.catalogue-interval-ms)
            LOG.log(failedRounds == 1 || failedRounds % 240 == 0 ? Level.WARNING : Level.FINE, "Could not send this region's catalogue"
                    + " changes to Kafka (" + failedRounds + " rounds in a row): they stay recorded and go when it takes them", e);
        }
    }

    /** {@code {"table":…,"deleted":…,"row":{…}}}: the row as PostgreSQL wrote it ({@code to_jsonb}), not parsed again. */
    static String valueOf(CatalogueChanges.Change change) {
        return "{\"table\":" + Json.createValue(change.table()) + ",\"deleted\":" + change.deleted() + ",\"row\":" + change.row() + "}";
    }

    /** Other regions' changes, in their order. */
    @Incoming(Channels.CATALOGUE_APPLY)
    public CompletionStage<Void> take(Message<ConsumerRecords<String, String>> poll) {
        return polls.offer(poll);
    }

    /**
     * Applies each change in order. One the database refuses for its data (SQLState class 22 or
     * 23: a username taken here too) is skipped, loudly; one that fails for the moment (the
     * database away) is tried again with growing backoff, holding the rest behind it.
     */
    private CompletionStage<Void> apply(List<ConsumerRecord<String, String>> batch) throws InterruptedException {
        for (ConsumerRecord<String, String> record : batch) {
            long backoffMs = 100;
            for (int attempt = 1; ; attempt++) {
                try {
                    JsonObject change = Json.createReader(new StringReader(record.value())).readObject();
                    changes.apply(change.getString("table"), change.getJsonObject("row").toString(), change.getBoolean("deleted"));
                    break;
                } catch (JsonException | ClassCastException | NullPointerException notAChange) {
                    skip(record, notAChange);
                    break;
                } catch (RuntimeException e) {
                    if (DatabaseRefusal.sqlStateOf(e).filter(DatabaseRefusal::isPermanent).isPresent()) {
                        skip(record, e);
                        break;
                    }
                    LOG.log(attempt == 1 || attempt % 20 == 0 ? Level.WARNING : Level.FINE, "Could not apply a catalogue change of region "
                            + RegionTopics.sourceRegionOf(record.topic()) + " (attempt " + attempt + "), retrying in " + backoffMs + " ms", e);
                    Thread.sleep(backoffMs);
                    backoffMs = Math.min(backoffMs * 2, 10_000);
                }
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Logged by its place and table, not its row: a user's row holds their password's hash. */
    private void skip(ConsumerRecord<String, String> record, Exception why) {
        refused.inc();
        LOG.log(Level.SEVERE, "Could not apply a catalogue change of region " + RegionTopics.sourceRegionOf(record.topic()) + " ("
                + record.topic() + " partition " + record.partition() + " offset " + record.offset() + "), skipped: " + why.getMessage(), why);
    }
}
