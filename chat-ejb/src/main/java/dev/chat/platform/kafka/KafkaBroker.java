package dev.chat.platform.kafka;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Asks the Kafka cluster whether it is there (a metadata request through one reused admin
 * client): the readiness check reports it, and the {@link OutageBuffer} asks before it declares
 * an outage, so that acknowledgements that are merely slow (an overloaded node) are not taken for
 * a broker that is down.
 */
@ApplicationScoped
public class KafkaBroker {
    static final int TIMEOUT_MS = 2000;

    @Inject
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private Admin admin;

    /** Completes with the number of brokers that answered (0 or an exception: none). */
    public CompletionStage<Integer> brokers() {
        return within(admin().describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS)).nodes()).thenApply(Collection::size);
    }

    /**
     * Completes with the number of partitions of {@code topic}. A topic that does not exist yet is
     * created first with the broker's defaults (what the first record sent to it would do), so that
     * every node agrees on the count before the first message.
     */
    public CompletionStage<Integer> partitionsOf(String topic) {
        return describe(topic).exceptionallyCompose(failure -> unwrap(failure) instanceof UnknownTopicOrPartitionException
                ? within(admin().createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty()))).all())
                        .exceptionallyCompose(notCreated -> unwrap(notCreated) instanceof TopicExistsException
                                ? CompletableFuture.completedFuture(null) : CompletableFuture.failedFuture(notCreated))
                        .thenCompose(created -> describe(topic))
                : CompletableFuture.failedFuture(failure));
    }

    private CompletableFuture<Integer> describe(String topic) {
        return within(admin().describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs(TIMEOUT_MS)).allTopicNames())
                .thenApply(topics -> topics.get(topic).partitions().size());
    }

    /**
     * Completes with how many records {@code group} has not committed yet: the sum, over the
     * partitions it committed offsets for, of the partition's end offset minus the committed one.
     */
    public CompletionStage<Long> lagOf(String group) {
        return lagOf(group, topic -> true);
    }

    /** {@link #lagOf(String)}, over the partitions of the topics that {@code topics} accepts only. */
    public CompletionStage<Long> lagOf(String group, java.util.function.Predicate<String> topics) {
        return within(admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()).thenCompose(committed -> {
            Map<TopicPartition, OffsetSpec> latest = committed.keySet().stream().filter(partition -> topics.test(partition.topic()))
                    .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()));
            return within(admin().listOffsets(latest).all()).thenApply(ends -> committed.entrySet().stream()
                    .filter(entry -> entry.getValue() != null && ends.containsKey(entry.getKey()))
                    .mapToLong(entry -> Math.max(0, ends.get(entry.getKey()).offset() - entry.getValue().offset()))
                    .sum());
        });
    }

    /**
     * Completes with the newest record's timestamp of each topic whose name {@code topics} accepts
     * (over its partitions; a topic without records has none): one listing and one offsets request.
     */
    public CompletionStage<Map<String, Long>> newestTimestamps(java.util.function.Predicate<String> topics) {
        return within(admin().listTopics().names()).thenCompose(names -> {
            List<String> wanted = names.stream().filter(topics).toList();
            if (wanted.isEmpty()) {
                return CompletableFuture.completedFuture(Map.of());
            }
            return within(admin().describeTopics(wanted).allTopicNames()).thenCompose(described -> {
                Map<TopicPartition, OffsetSpec> newest = new java.util.HashMap<>();
                described.forEach((topic, description) -> description.partitions()
                        .forEach(partition -> newest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.maxTimestamp())));
                return within(admin().listOffsets(newest).all()).thenApply(found -> {
                    Map<String, Long> byTopic = new java.util.HashMap<>();
                    found.forEach((partition, info) -> {
                        if (info.offset() >= 0 && info.timestamp() >= 0) {
                            byTopic.merge(partition.topic(), info.timestamp(), Math::max);
                        }
                    });
                    return byTopic;
                });
            });
        });
    }

    /**
     * The admin client's future as a CompletableFuture that also gives up a little after the
     * request's own timeout (Kafka's toCompletionStage refuses the completion that orTimeout needs).
     */
    private static <T> CompletableFuture<T> within(KafkaFuture<T> future) {
        var result = new CompletableFuture<T>();
        future.whenComplete((value, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(value);
            }
        });
        return result.orTimeout(TIMEOUT_MS + 500L, TimeUnit.MILLISECONDS);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = withApplicationClassLoader(() -> Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS,
                    AdminClientConfig.CLIENT_ID_CONFIG, "chat-broker-health")));
        }
        return admin;
    }

    /**
     * Kafka resolves configured class names through the thread's context class loader, and a
     * caller's thread (the health endpoint's, a client callback's) may have a loader that cannot see
     * the Kafka client in this application: its config classes would then fail to initialize for
     * good ("Could not initialize class AdminClientConfig").
     */
    private static <T> T withApplicationClassLoader(Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(KafkaBroker.class.getClassLoader());
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
