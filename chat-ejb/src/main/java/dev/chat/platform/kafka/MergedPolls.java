package dev.chat.platform.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The polls of a batch channel ({@code batch=true}) taken as they come and worked on by one
 * thread of its own, which takes everything that arrived while it was busy as its next batch,
 * however many polls brought it, and acknowledges those polls in order once the work says so.
 * <p>
 * Why: SmallRye hands a batch channel one poll at a time, and in batch mode pauses the consumer
 * when two polls wait; a paused consumer resumes only after its next poll has waited out the
 * {@code poll-timeout}. A worker that fell behind once (a fresh node's JIT, a collection) then
 * worked through small batches, each at the full cost of a transaction, and stalled for the
 * timeout between them: a standing delay of tens of milliseconds that never cleared at a steady
 * load (docs/benchmarks.md). Here the connector never waits while fewer than
 * {@code maxPendingRecords} are pending, and a worker that falls behind catches up with larger
 * batches, as a group commit does.
 * <p>
 * Bounded: a batch holds at most {@code maxBatchRecords} (unless one poll alone has more), so
 * that what a batch hands on at once (e.g. to a session's bounded outbox) stays what one poll
 * could; beyond {@code maxPendingRecords} the stage returned to the connector completes only when
 * the worker has taken enough, so the connector's own bound (and its pause) holds the rest in Kafka.
 */
public final class MergedPolls<K, V> {
    private static final Logger LOG = Logger.getLogger(MergedPolls.class.getName());
    private static final CompletionStage<Void> TAKEN = CompletableFuture.completedFuture(null);

    /**
     * What the worker does with a batch: returns when the next batch may be taken (retrying what
     * can be retried; interrupted: the node stops), with a stage that completes when the batch's
     * polls may be acknowledged (their offsets committed). Stages complete in the order of their batches.
     */
    @FunctionalInterface
    public interface Work<K, V> {
        CompletionStage<Void> process(List<ConsumerRecord<K, V>> batch) throws InterruptedException;
    }

    private final String channel;
    private final Executor worker;
    private final int maxBatchRecords;
    private final int maxPendingRecords;
    private final Work<K, V> work;

    private final ArrayDeque<Message<ConsumerRecords<K, V>>> pending = new ArrayDeque<>();
    private int pendingRecords;
    private boolean draining;
    private CompletableFuture<Void> room;

    /** @param worker one thread (a lane): the work of one batch at a time, in the order of the polls */
    public MergedPolls(String channel, Executor worker, int maxBatchRecords, int maxPendingRecords, Work<K, V> work) {
        this.channel = channel;
        this.worker = worker;
        this.maxBatchRecords = maxBatchRecords;
        this.maxPendingRecords = maxPendingRecords;
        this.work = work;
    }

    /** Takes a poll (on the connector's thread: never blocks); the stage completes when the connector may hand the next. */
    public CompletionStage<Void> offer(Message<ConsumerRecords<K, V>> poll) {
        boolean start;
        synchronized (this) {
            pending.add(poll);
            pendingRecords += poll.getPayload().count();
            start = !draining;
            draining = true;
        }
        if (start) {
            worker.execute(this::drain); // refused only while the application stops: the connector then fails the channel
        }
        synchronized (this) {
            if (pendingRecords < maxPendingRecords || pending.isEmpty()) {
                return TAKEN;
            }
            if (room == null) {
                room = new CompletableFuture<>();
            }
            return room;
        }
    }

    private void drain() {
        while (true) {
            List<Message<ConsumerRecords<K, V>>> polls;
            CompletableFuture<Void> freed;
            synchronized (this) {
                if (pending.isEmpty()) {
                    draining = false;
                    return;
                }
                polls = new ArrayList<>();
                int taken = 0;
                while (!pending.isEmpty()
                        && (polls.isEmpty() || taken + pending.peek().getPayload().count() <= maxBatchRecords)) {
                    Message<ConsumerRecords<K, V>> poll = pending.poll();
                    taken += poll.getPayload().count();
                    polls.add(poll);
                }
                pendingRecords -= taken;
                freed = pendingRecords < maxPendingRecords ? room : null;
                if (freed != null) {
                    room = null;
                }
            }
            if (freed != null) {
                freed.complete(null);
            }
            List<ConsumerRecord<K, V>> batch = new ArrayList<>();
            polls.forEach(poll -> poll.getPayload().forEach(batch::add));
            CompletionStage<Void> done;
            try {
                done = work.process(batch);
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
                LOG.log(Level.FINE, "{0}: stopped with {1} records not done; they are delivered again", new Object[]{channel, batch.size()});
                return; // not acknowledged: the group hands them out again
            } catch (RuntimeException | Error unexpected) {
                // the work retries what can be retried; what escapes is a defect: the channel fails, visibly, instead of skipping
                LOG.log(Level.SEVERE, channel + ": a batch of " + batch.size() + " records failed; the channel stops", unexpected);
                polls.forEach(poll -> poll.nack(unexpected));
                return;
            }
            done.whenComplete((ignored, failure) -> {
                if (failure == null) {
                    polls.forEach(Message::ack);
                } else {
                    LOG.log(Level.FINE, "{0}: {1} records not acknowledged ({2}); they are delivered again",
                            new Object[]{channel, batch.size(), failure.toString()});
                }
            });
        }
    }
}
