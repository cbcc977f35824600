package dev.chat.platform.kafka;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.platform.concurrent.ApplicationThreads;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The outage buffer's rules with a Kafka the test switches off and on, and flushes the test runs. */
class OutageBufferTest {
    private final FakeTimeline kafka = new FakeTimeline();
    private final AtomicLong dropped = new AtomicLong();
    private final OutageBuffer buffer = new OutageBuffer();

    @BeforeEach
    void wire() {
        buffer.timeline = kafka;
        buffer.maxHeld = 3;
        buffer.outageAfterMs = 60_000;
        buffer.ackTimeoutMs = 1_000;
        buffer.broker = new KafkaBroker() {
            @Override
            public CompletionStage<Integer> brokers() {
                return CompletableFuture.completedFuture(0);
            }
        };
        buffer.threads = new ApplicationThreads() {
            @Override
            public void execute(Runnable task) {
                task.run();
            }
        };
        Counter counter = fake(Counter.class, Map.of("inc", args -> dropped.incrementAndGet(), "getCount", args -> dropped.get()));
        buffer.metrics = fake(MetricRegistry.class, Map.of("counter", args -> counter));
        ScheduledFuture<?> flusher = fake(ScheduledFuture.class, Map.of("cancel", args -> true));
        buffer.start(fake(ScheduledExecutorService.class, Map.of("scheduleWithFixedDelay", args -> flusher)));
    }

    @Test
    void whileKafkaTakesMessagesNothingIsHeld() {
        var delivery = buffer.send("room", "m1", null);

        assertThat(delivery.durable()).isCompleted();
        assertThat(delivery.held().toCompletableFuture()).isNotDone();
        assertThat(buffer.holding()).isFalse();
    }

    @Test
    void aRefusedMessageIsHeldAndEveryLaterOneWaitsBehindIt() {
        kafka.up = false;
        var first = buffer.send("room", "m1", null);
        kafka.up = true;
        var second = buffer.send("room", "m2", null);

        assertThat(first.held()).isCompleted();
        assertThat(second.held()).as("behind the first, though Kafka is back").isCompleted();
        assertThat(second.durable().toCompletableFuture()).isNotDone();
        assertThat(kafka.sent).containsExactly("m1");
        assertThat(buffer.size()).isEqualTo(2);
    }

    @Test
    void beyondItsBoundTheOldestIsDroppedAndItsSenderToldNotDurable() {
        kafka.up = false;
        var oldest = buffer.send("room", "m1", null);
        for (int i = 2; i <= 4; i++) {
            buffer.send("room", "m" + i, null);
        }

        assertThat(oldest.durable().toCompletableFuture()).isCompletedExceptionally();
        oldest.durable().toCompletableFuture().exceptionally(failure -> {
            assertThat(failure).isInstanceOfSatisfying(ChatException.class, refused -> assertThat(refused.code()).isEqualTo(ErrorCode.NOT_DURABLE));
            return null;
        });
        assertThat(buffer.size()).isEqualTo(3);
        assertThat(dropped).hasValue(1);
    }

    @Test
    void onceKafkaIsBackTheFlushSendsWhatWasHeldInOrderAndMessagesGoStraightAgain() {
        kafka.up = false;
        var held = List.of(buffer.send("room", "m1", null), buffer.send("room", "m2", null), buffer.send("room", "m3", null));
        buffer.flush();
        assertThat(buffer.holding()).as("still out").isTrue();

        kafka.up = true;
        kafka.sent.clear();
        buffer.flush();

        assertThat(kafka.sent).containsExactly("m1", "m2", "m3");
        assertThat(held).allSatisfy(delivery -> assertThat(delivery.durable()).isCompleted());
        assertThat(buffer.holding()).isFalse();
        var after = buffer.send("room", "m4", null);
        assertThat(after.durable()).isCompleted();
        assertThat(after.held().toCompletableFuture()).isNotDone();
    }

    /** An interface whose named methods do what the test says; the others return nothing. */
    @SuppressWarnings("unchecked")
    private static <T> T fake(Class<T> type, Map<String, Function<Object[], Object>> methods) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (proxy, method, args) -> {
            Function<Object[], Object> behaviour = methods.get(method.getName());
            if (behaviour != null) {
                return behaviour.apply(args);
            }
            return nothingOf(method.getReturnType());
        });
    }

    private static Object nothingOf(Class<?> type) {
        if (type == boolean.class) {
            return Boolean.FALSE;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == int.class) {
            return 0;
        }
        return null;
    }

    /** Kafka as the producer sees it: takes (acks) or refuses (nacks) each record at once. */
    private static final class FakeTimeline implements Emitter<String> {
        final List<String> sent = new ArrayList<>();
        boolean up = true;

        @Override
        public <M extends Message<? extends String>> void send(M message) {
            sent.add(message.getPayload());
            if (up) {
                message.ack();
            } else {
                message.nack(new IllegalStateException("Kafka is out"));
            }
        }

        @Override
        public CompletionStage<Void> send(String payload) {
            throw new UnsupportedOperationException("the buffer sends messages with keys");
        }

        @Override
        public void complete() {
        }

        @Override
        public void error(Exception e) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean hasRequests() {
            return true;
        }
    }
}
