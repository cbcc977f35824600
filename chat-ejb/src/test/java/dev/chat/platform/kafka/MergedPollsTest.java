package dev.chat.platform.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class MergedPollsTest {
    private static final TopicPartition PARTITION = new TopicPartition("chat.messages", 0);

    private final ExecutorService worker = Executors.newSingleThreadExecutor();
    private final ExecutorService otherWorker = Executors.newSingleThreadExecutor();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private long offset;

    @AfterEach
    void stop() {
        worker.shutdownNow();
        otherWorker.shutdownNow();
    }

    @Test
    void pollsThatArriveWhileTheWorkerIsBusyBecomeItsNextBatchAndAreAcknowledgedInOrderAfterIt() throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<List<String>> batches = new CopyOnWriteArrayList<>();
        var polls = new MergedPolls<String, String>("test", worker, 100, 100, batch -> {
            batches.add(batch.stream().map(ConsumerRecord::value).toList());
            log.add("work " + batch.size());
            firstStarted.countDown();
            release.await();
            return CompletableFuture.completedFuture(null);
        });

        assertThat(polls.offer(poll("a", "b"))).isCompleted();
        assertThat(firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(polls.offer(poll("c"))).as("taken at once: the connector never waits below the bound").isCompleted();
        assertThat(polls.offer(poll("d", "e"))).isCompleted();
        release.countDown();

        awaitLogSize(5);
        assertThat(batches).containsExactly(List.of("a", "b"), List.of("c", "d", "e"));
        assertThat(log).containsExactly("work 2", "ack a", "work 3", "ack c", "ack d");
    }

    @Test
    void beyondTheBoundTheConnectorWaitsUntilTheWorkerTakesWhatIsPending() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch firstStarted = new CountDownLatch(1);
        var polls = new MergedPolls<String, String>("test", worker, 100, 3, batch -> {
            firstStarted.countDown();
            release.await();
            return CompletableFuture.completedFuture(null);
        });
        polls.offer(poll("a"));
        assertThat(firstStarted.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(polls.offer(poll("b", "c"))).isCompleted();
        CompletionStage<Void> full = polls.offer(poll("d"));
        assertThat(full).as("3 pending: the bound").isNotCompleted();
        release.countDown();

        full.toCompletableFuture().get(5, TimeUnit.SECONDS);
        awaitLogSize(3);
        assertThat(log).containsExactly("ack a", "ack b", "ack d");
    }

    @Test
    void aBatchHoldsAtMostItsBoundOfRecordsUnlessOnePollAloneHasMore() throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<List<String>> batches = new CopyOnWriteArrayList<>();
        var polls = new MergedPolls<String, String>("test", worker, 3, 100, batch -> {
            batches.add(batch.stream().map(ConsumerRecord::value).toList());
            firstStarted.countDown();
            release.await();
            return CompletableFuture.completedFuture(null);
        });
        polls.offer(poll("a", "b", "c", "d"));
        assertThat(firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
        polls.offer(poll("e", "f"));
        polls.offer(poll("g"));
        polls.offer(poll("h"));
        release.countDown();

        awaitLogSize(4);
        assertThat(batches).containsExactly(List.of("a", "b", "c", "d"), List.of("e", "f", "g"), List.of("h"));
    }

    @Test
    void pollsAreAcknowledgedWhenTheWorkSaysSoNotWhenItReturns() throws Exception {
        CompletableFuture<Void> forwarded = new CompletableFuture<>();
        CountDownLatch returned = new CountDownLatch(1);
        var polls = new MergedPolls<String, String>("test", worker, 100, 100, batch -> {
            returned.countDown();
            return forwarded;
        });
        polls.offer(poll("a"));
        assertThat(returned.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(50);
        assertThat(log).as("stored, not yet forwarded").isEmpty();

        forwarded.complete(null);
        awaitLogSize(1);
        assertThat(log).containsExactly("ack a");
    }

    @Test
    void aBatchWhoseWorkIsInterruptedIsNotAcknowledgedAndOneThatFailsIsNacked() throws Exception {
        var interrupted = new MergedPolls<String, String>("test", worker, 100, 100, batch -> {
            throw new InterruptedException("stopping");
        });
        interrupted.offer(poll("a"));
        var failing = new MergedPolls<String, String>("test", otherWorker, 100, 100, batch -> {
            throw new IllegalStateException("a defect");
        });
        failing.offer(poll("b"));

        awaitLogSize(1);
        Thread.sleep(100);
        assertThat(log).containsExactly("nack b");
    }

    private Message<ConsumerRecords<String, String>> poll(String... values) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (String value : values) {
            records.add(new ConsumerRecord<>(PARTITION.topic(), PARTITION.partition(), offset++, "room-1", value));
        }
        String first = values[0];
        return Message.of(new ConsumerRecords<>(Map.of(PARTITION, records), Map.of()),
                () -> {
                    log.add("ack " + first);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    log.add("nack " + first);
                    return CompletableFuture.completedFuture(null);
                });
    }

    private void awaitLogSize(int size) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (log.size() < size && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
    }
}
