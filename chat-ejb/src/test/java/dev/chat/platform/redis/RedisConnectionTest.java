package dev.chat.platform.redis;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisConnectionTest {

    @Test
    void singleServerByDefaultClusterAndSentinelByConfiguration() {
        assertThat(connection("single", Optional.empty()).config().isClusterConfig()).isFalse();
        assertThat(connection("cluster", Optional.of("redis://10.0.0.1:6379, redis://10.0.0.2:6379")).config().isClusterConfig())
                .isTrue();
        var sentinel = connection("sentinel", Optional.of("redis://10.0.0.1:26379")).config();
        assertThat(sentinel.isSentinelConfig()).isTrue();
        assertThat(sentinel.useSentinelServers().getMasterName()).isEqualTo("mymaster");
    }

    @Test
    void clusterWithoutNodesOrAnUnknownModeIsRefusedWithTheKeyToSet() {
        assertThatThrownBy(() -> connection("cluster", Optional.empty()).config()).hasMessageContaining("chat.redis.nodes");
        assertThatThrownBy(() -> connection("ring", Optional.empty()).config()).hasMessageContaining("chat.redis.mode");
    }

    @Test
    void keysShareASlotByTheirHashTagInAClusterAndAllShareOneOtherwise() {
        var cluster = connection("cluster", Optional.of("redis://10.0.0.1:6379"));
        // what CLUSTER KEYSLOT answers (redis.io's examples): somekey 11058, foo{hash_tag} and {hash_tag} 2515
        assertThat(cluster.slotOf("somekey")).isEqualTo(11058);
        assertThat(cluster.slotOf("foo{hash_tag}")).isEqualTo(cluster.slotOf("{hash_tag}")).isEqualTo(2515);
        assertThat(cluster.slotOf("foo{}{bar}")).isEqualTo(cluster.slotOf("foo{}{bar}")).isNotEqualTo(cluster.slotOf("bar"));
        assertThat(connection("single", Optional.empty()).slotOf("foo")).isZero();
    }

    private static RedisConnection connection(String mode, Optional<String> nodes) {
        RedisConnection connection = new RedisConnection();
        connection.mode = mode;
        connection.subscriptionsPerConnection = 2000;
        connection.address = "redis://127.0.0.1:6379";
        connection.nodes = nodes;
        connection.sentinelMaster = "mymaster";
        connection.password = Optional.empty();
        connection.connectTimeoutMs = 1000;
        return connection;
    }
}
