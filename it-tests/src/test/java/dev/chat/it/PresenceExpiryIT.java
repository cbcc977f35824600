package dev.chat.it;

import dev.chat.api.codec.ChatJson;
import dev.chat.api.event.PresenceChangedV1;
import dev.chat.api.rest.PresenceView;
import dev.chat.it.support.OwnNode;
import dev.chat.it.support.ChatDeployment;
import dev.chat.platform.redis.RedisConnection;
import dev.chat.presence.boundary.PresenceTracker;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.Archive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node that dies takes no goodbye with it: its users' connections just stop being refreshed.
 * Inside the deployed application, this test registers a connection that nobody will ever refresh
 * (as if its node had crashed) and checks that the user goes OFFLINE by expiry alone: the event is
 * announced on Kafka (which every node turns into PRESENCE frames) and the Redis key is gone.
 */
@OwnNode("runs inside a deployment that carries the test class")
@ExtendWith(ArquillianExtension.class)
class PresenceExpiryIT {

    @Deployment
    public static Archive<?> chatDeployment() {
        return ChatDeployment.forRuntimeWith(PresenceExpiryIT.class);
    }

    @Inject
    PresenceTracker presence;

    @Inject
    RedisConnection redis;

    @Inject
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    @ConfigProperty(name = "chat.presence.ttl-ms")
    long ttlMs;

    @Test
    void aUserWhoseNodeDiedGoesOfflineWhenTheirPresenceExpires() throws Exception {
        String userId = "ghost-" + UUID.randomUUID();
        try (var consumer = presenceEvents()) {
            presence.opened(userId, "connection-of-a-dead-node");

            List<String> statuses = new ArrayList<>();
            long deadline = System.currentTimeMillis() + ttlMs + 15_000;
            while (!statuses.contains("OFFLINE") && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(250))) {
                    if (record.key().equals(userId)) {
                        statuses.add(((PresenceChangedV1) ChatJson.instance().decodeEvent(record.value()).payload()).status());
                    }
                }
                if (statuses.isEmpty()) {
                    assertTrue(exists("presence:user:{" + userId + "}"), "presence key while the TTL runs");
                }
            }

            assertEquals(List.of("ONLINE", "OFFLINE"), statuses);
            assertFalse(exists("presence:user:{" + userId + "}"));
            List<PresenceView> seen = presence.presenceOf(userId, List.of(userId));
            assertEquals("OFFLINE", seen.get(0).status());
        }
    }

    private boolean exists(String key) {
        return redis.client().getBucket(key).isExists();
    }

    private KafkaConsumer<String, String> presenceEvents() {
        var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        List<TopicPartition> partitions = consumer.partitionsFor("chat.presence").stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end now, before the events are produced
        return consumer;
    }
}
