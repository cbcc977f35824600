package dev.chat.platform.kafka;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.platform.concurrent.ApplicationThreads;
import dev.chat.platform.concurrent.PlainThreads;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Messages accepted while Kafka does not take them: held in memory, bounded, oldest dropped first,
 * with a WARNING and metrics, and sent once Kafka is back.
 * <p>
 * A message goes to Kafka as usual; if Kafka refused it, or has not acknowledged it within
 * {@code chat.kafka.outage-after-ms} and no broker answers a metadata request either, the node holds it here and says so to the
 * sender ({@code ACK durable:false}), and every later message is held too, behind it, until the
 * buffer is empty again: so a room keeps its order. At most {@code chat.kafka.outage-buffer.max-messages}
 * are held; beyond, the oldest is dropped and its sender gets {@code ERROR NOT_DURABLE}. Every
 * half second a flusher offers the oldest held message to Kafka; once Kafka takes it, the rest
 * follow in order, each sender gets its {@code ACK durable:true}, and new messages go straight to
 * Kafka again. A message Kafka took late after all (the producer retries on its own) may reach the
 * topic twice under one messageId: the persister stores it once.
 */
@ApplicationScoped
public class OutageBuffer {
    private static final Logger LOG = Logger.getLogger(OutageBuffer.class.getName());
    private static final int FLUSH_BATCH = 256;

    /** One held message: its place in this node's order of acceptance, its record, who waits for it. */
    private record Held(long order, String key, String value, String traceparent, CompletableFuture<Void> durable) {
    }

    @Inject
    @Channel(Channels.MESSAGES_OUT)
    Emitter<String> timeline;

    @Inject
    @ConfigProperty(name = "chat.kafka.outage-after-ms", defaultValue = "5000")
    long outageAfterMs;

    @Inject
    @ConfigProperty(name = "chat.kafka.outage-buffer.max-messages", defaultValue = "10000")
    int maxHeld;

    @Inject
    @ConfigProperty(name = "chat.kafka.ack-timeout-ms") // default in microprofile-config.properties (read by three beans)
    long ackTimeoutMs;

    @Inject
    MetricRegistry metrics;

    @Inject
    KafkaBroker broker;

    @Inject
    ApplicationThreads threads;

    /** A plain thread: the flusher blocks while it waits for Kafka, which a shared managed pool should not. */
    private ScheduledExecutorService scheduler;

    private final TreeMap<Long, Held> held = new TreeMap<>(); // guarded by this
    private final AtomicLong orders = new AtomicLong();
    private final AtomicBoolean flushing = new AtomicBoolean();
    private boolean holding; // guarded by this
    private long droppedSinceLastWarning; // guarded by this
    private long lastDropWarningNanos; // guarded by this
    private ScheduledFuture<?> flusher; // guarded by this
    private Counter dropped;

    @PostConstruct
    void start() {
        start(Executors.newSingleThreadScheduledExecutor(PlainThreads.named("chat-kafka-outage-flusher")));
    }

    /** With the flusher's scheduler given (OutageBufferTest runs the flushes itself). */
    void start(ScheduledExecutorService flusherScheduler) {
        scheduler = flusherScheduler;
        metrics.gauge(Metadata.builder().withName("chat_kafka_outage_buffered_messages")
                .withDescription("Messages this node holds because Kafka did not take them (sent once it does)")
                .withUnit(MetricUnits.NONE).build(), this, OutageBuffer::size);
        dropped = metrics.counter(Metadata.builder().withName("chat_kafka_outage_dropped_messages")
                .withDescription("Messages dropped from the full outage buffer (their senders got NOT_DURABLE)")
                .withUnit(MetricUnits.NONE).build());
    }

    /** What became of a message: {@code held} completes if it waits here, {@code durable} once Kafka has it. */
    public record Delivery(CompletionStage<Void> held, CompletionStage<Void> durable) {
    }

    /**
     * Sends a message (key = roomId) to the timeline topic, or holds it while Kafka is out;
     * {@code traceparent} (null: none) goes with it as a record header.
     */
    public Delivery send(String key, String value, String traceparent) {
        long order = orders.incrementAndGet();
        var entry = new Held(order, key, value, traceparent, new CompletableFuture<>());
        var heldHere = new CompletableFuture<Void>();
        synchronized (this) {
            if (holding) {
                forgetDelivered();
                if (!finished()) {
                    hold(entry, heldHere);
                    return new Delivery(heldHere, entry.durable());
                }
            }
        }
        CompletableFuture<Void> acknowledged = KeyedRecords.send(timeline, key, value, KeyedRecords.traceHeaders(traceparent))
                .toCompletableFuture();
        // whenever Kafka acknowledges it, even after it was held (the producer retries on its own), it is durable
        acknowledged.thenRun(() -> entry.durable().complete(null));
        acknowledged.copy().orTimeout(outageAfterMs, TimeUnit.MILLISECONDS).whenComplete((ignored, failure) -> {
            if (failure == null || entry.durable().isDone()) {
                return;
            }
            if (!(failure instanceof TimeoutException)) {
                holdAfter(entry, heldHere, failure); // Kafka refused it
                return;
            }
            // Slow is not out: an overloaded node (or broker) acknowledges late too. Ask the broker; while it
            // answers, the producer keeps the message (it retries until delivery.timeout.ms), and only a refusal holds it.
            brokerAnswers().whenComplete((up, unknown) -> {
                if (Boolean.TRUE.equals(up)) {
                    LOG.log(Level.FINE, "Kafka acknowledges slowly (> {0} ms) but answers: not an outage", outageAfterMs);
                    acknowledged.whenComplete((sent, refused) -> {
                        if (refused != null) {
                            holdAfter(entry, heldHere, refused);
                        }
                    });
                } else {
                    holdAfter(entry, heldHere, failure);
                }
            });
        });
        return new Delivery(heldHere, entry.durable());
    }

    /**
     * Sends a record of the timeline that must not be held (an edit, delete, reaction or receipt,
     * whose caller waits for Kafka in a transaction): through the channel's one emitter, so that
     * {@code messages-out} has a single writer.
     */
    public CompletionStage<Void> sendWithoutHolding(String key, String value) {
        return KeyedRecords.send(timeline, key, value);
    }

    private void holdAfter(Held entry, CompletableFuture<Void> heldHere, Throwable failure) {
        if (entry.durable().isDone()) {
            return;
        }
        LOG.log(Level.FINE, "Kafka did not take a message of room {0}: {1}", new Object[]{entry.key(), failure.toString()});
        synchronized (this) {
            hold(entry, heldHere);
        }
    }

    /** Whether a broker answers a metadata request; asked from the application's threads (see {@link KafkaBroker}). */
    private CompletionStage<Boolean> brokerAnswers() {
        try {
            return CompletableFuture.supplyAsync(() -> broker.brokers(), threads).thenCompose(brokers -> brokers)
                    .handle((brokers, failure) -> failure == null && brokers > 0);
        } catch (RejectedExecutionException saturated) {
            return broker.brokers().handle((brokers, failure) -> failure == null && brokers > 0);
        }
    }

    public synchronized int size() {
        return held.size();
    }

    /** True while messages wait for Kafka (readiness reports it). */
    public synchronized boolean holding() {
        return holding;
    }

    private void hold(Held entry, CompletableFuture<Void> heldHere) { // caller holds the monitor
        if (!holding) {
            holding = true;
            LOG.log(Level.WARNING, "Kafka is not taking messages: holding them in memory (at most {0}, oldest dropped first) until it does",
                    maxHeld);
            flusher = scheduler.scheduleWithFixedDelay(this::flush, 500, 500, TimeUnit.MILLISECONDS);
        }
        held.put(entry.order(), entry);
        heldHere.complete(null);
        while (held.size() > maxHeld) {
            Held oldest = held.pollFirstEntry().getValue();
            dropped.inc();
            droppedSinceLastWarning++;
            oldest.durable().completeExceptionally(new ChatException(ErrorCode.NOT_DURABLE,
                    "message dropped: Kafka was unavailable and this node's outage buffer was full; resend it with the same clientMsgId"));
        }
        long now = System.nanoTime();
        if (droppedSinceLastWarning > 0 && now - lastDropWarningNanos > TimeUnit.SECONDS.toNanos(5)) {
            LOG.log(Level.WARNING, "Outage buffer full ({0} messages): dropped the {1} oldest since the last warning, {2} in all",
                    new Object[]{maxHeld, droppedSinceLastWarning, dropped.getCount()});
            droppedSinceLastWarning = 0;
            lastDropWarningNanos = now;
        }
    }

    /** Offers the oldest held message to Kafka; once it is taken, the rest in order, batch by batch. */
    void flush() {
        if (!flushing.compareAndSet(false, true)) {
            return;
        }
        try {
            int flushed = 0;
            long started = System.nanoTime();
            int batch = 1; // one probe while Kafka may still be out; full batches once it took one
            while (true) {
                List<Held> next = oldest(batch);
                if (next.isEmpty()) {
                    if (finished()) {
                        LOG.log(Level.WARNING, "Kafka takes messages again: {0} held messages sent in order in {1} ms",
                                new Object[]{flushed, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)});
                        return;
                    }
                    continue; // a message was held in between
                }
                if (!sendAll(next)) {
                    return; // still out: the next run tries again
                }
                flushed += next.size();
                batch = FLUSH_BATCH;
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Flushing the outage buffer failed; retrying", e);
        } finally {
            flushing.set(false);
        }
    }

    /**
     * Forgets the held messages the producer delivered after all (it retries on its own): when it
     * delivered every one, holding ends at the next message, not at the flusher's next run (which
     * held that message, and told its sender {@code ACK durable:false}, with Kafka back).
     */
    private synchronized void forgetDelivered() {
        held.values().removeIf(entry -> entry.durable().isDone());
    }

    private synchronized List<Held> oldest(int count) {
        forgetDelivered();
        List<Held> next = new ArrayList<>(Math.min(count, held.size()));
        for (Map.Entry<Long, Held> entry : held.entrySet()) {
            if (next.size() == count) {
                break;
            }
            next.add(entry.getValue());
        }
        return next;
    }

    /** Sends in order (the idempotent producer keeps a partition's order) and waits for all; true if Kafka took every one. */
    private boolean sendAll(List<Held> batch) {
        List<CompletableFuture<Void>> sent = batch.stream()
                .map(entry -> KeyedRecords.send(timeline, entry.key(), entry.value(), KeyedRecords.traceHeaders(entry.traceparent()))
                        .toCompletableFuture()).toList();
        boolean all = true;
        for (int i = 0; i < batch.size(); i++) {
            Held entry = batch.get(i);
            try {
                sent.get(i).get(ackTimeoutMs, TimeUnit.MILLISECONDS);
                synchronized (this) {
                    held.remove(entry.order());
                }
                entry.durable().complete(null);
            } catch (ExecutionException | TimeoutException e) {
                all = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return all;
    }

    private synchronized boolean finished() {
        if (!held.isEmpty()) {
            return false;
        }
        holding = false;
        if (flusher != null) {
            flusher.cancel(false);
            flusher = null;
        }
        return true;
    }

    @PreDestroy
    synchronized void stop() {
        scheduler.shutdownNow();
        if (!held.isEmpty()) {
            LOG.log(Level.WARNING, "Stopping with {0} messages Kafka never took: their senders did not get ACK durable:true and resend them",
                    held.size());
        }
    }
}
