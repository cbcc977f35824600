package dev.chat.platform.redis;

import dev.chat.platform.config.Settings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.redisson.Redisson;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.redisson.connection.CRC16;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Logger;

/**
 * The node's one Redisson client (it pools connections itself), created on first use so that
 * the application deploys while Redis is still starting, and shut down on undeploy.
 * {@code chat.redis.mode} picks the topology: {@code single} (default: {@code chat.redis.address}),
 * {@code cluster} (Redis Cluster, seed nodes in {@code chat.redis.nodes}) or {@code sentinel}
 * (sentinels in {@code chat.redis.nodes}, master {@code chat.redis.sentinel-master}). Every key the
 * application writes together in one script shares a hash tag ({@code {userId}}), so scripts stay
 * atomic in a cluster.
 */
@ApplicationScoped
public class RedisConnection {
    private static final Logger LOG = Logger.getLogger(RedisConnection.class.getName());

    @Inject
    @ConfigProperty(name = "chat.redis.mode", defaultValue = "single")
    String mode;

    @Inject
    @ConfigProperty(name = "chat.redis.address")
    String address;

    /** Comma-separated; a String, as Payara's MP Config cannot inject an Optional of a List. */
    @Inject
    @ConfigProperty(name = "chat.redis.nodes")
    Optional<String> nodes;

    @Inject
    @ConfigProperty(name = "chat.redis.sentinel-master", defaultValue = "mymaster")
    String sentinelMaster;

    @Inject
    @ConfigProperty(name = "chat.redis.password")
    Optional<String> password;

    @Inject
    @ConfigProperty(name = "chat.redis.connect-timeout-ms", defaultValue = "3000")
    int connectTimeoutMs;

    /**
     * Channels one pub/sub connection carries: a node receives a channel per room its sessions read
     * (thousands), and Redisson's default (5, with at most 50 connections) would cap it at 250.
     */
    @Inject
    @ConfigProperty(name = "chat.redis.subscriptions-per-connection", defaultValue = "2000")
    int subscriptionsPerConnection;

    private volatile RedissonClient client;

    public RedissonClient client() {
        RedissonClient current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    client = Redisson.create(config());
                    LOG.info(() -> "Connected to Redis (" + mode + ") at " + (mode.equals("single") ? address : nodes.orElse("")));
                }
                current = client;
            }
        }
        return current;
    }

    /**
     * What a map's {@code addAndGet} answered: with the string codec Redisson hands back a number
     * (an Integer), not the string the codec stores (so such maps are declared with Object values:
     * a map of Strings failed with a ClassCastException).
     */
    public static long counted(Object answer) {
        return answer instanceof Number number ? number.longValue() : (long) Double.parseDouble(answer.toString());
    }

    /**
     * Runs a script (Redisson sends it by its SHA once Redis has it) on the node of
     * {@code keys.get(0)}'s slot, strings in and out. Never throws: a script that could not even be
     * sent (no connection yet) fails the stage, so every caller handles Redis being down in one place.
     */
    public <R> CompletionStage<R> evalAsync(String script, RScript.ReturnType returns, List<Object> keys, Object... args) {
        try {
            return client().getScript(StringCodec.INSTANCE).evalAsync((String) keys.get(0), RScript.Mode.READ_WRITE, script,
                    returns, keys, args);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Whether Redis runs as a cluster ({@code chat.redis.mode=cluster}): pub/sub is then sharded. */
    public boolean isCluster() {
        return "cluster".equals(mode);
    }

    /**
     * The key's hash slot in a cluster (of its hash tag, {@code {…}}, when it has one), and 0 for
     * every key otherwise: the keys one script or one multi-key command touches must share it.
     */
    public int slotOf(String key) {
        if (!isCluster()) {
            return 0;
        }
        int open = key.indexOf('{');
        int close = open < 0 ? -1 : key.indexOf('}', open + 1);
        String hashed = close > open + 1 ? key.substring(open + 1, close) : key;
        return CRC16.crc16(hashed.getBytes(StandardCharsets.UTF_8)) % CLUSTER_SLOTS;
    }

    private static final int CLUSTER_SLOTS = 16384;

    Config config() {
        Config config = new Config();
        String secret = password.filter(value -> !value.isBlank()).orElse(null);
        switch (mode) {
            case "single" -> config.useSingleServer()
                    .setAddress(address)
                    .setPassword(secret)
                    .setConnectTimeout(connectTimeoutMs)
                    .setSubscriptionsPerConnection(subscriptionsPerConnection)
                    .setConnectionMinimumIdleSize(2);
            case "cluster" -> config.useClusterServers()
                    .addNodeAddress(requiredNodes())
                    .setPassword(secret)
                    .setSubscriptionsPerConnection(subscriptionsPerConnection)
                    .setConnectTimeout(connectTimeoutMs);
            case "sentinel" -> config.useSentinelServers()
                    .addSentinelAddress(requiredNodes())
                    .setMasterName(sentinelMaster)
                    .setPassword(secret)
                    .setSubscriptionsPerConnection(subscriptionsPerConnection)
                    .setConnectTimeout(connectTimeoutMs);
            default -> throw new IllegalStateException("chat.redis.mode must be single, cluster or sentinel, not " + mode);
        }
        return config;
    }

    private String[] requiredNodes() {
        List<String> seeds = Settings.commaList(nodes);
        if (seeds.isEmpty()) {
            throw new IllegalStateException("chat.redis.mode=" + mode + " needs chat.redis.nodes (redis://host:port,…)");
        }
        return seeds.toArray(String[]::new);
    }

    @PreDestroy
    void shutdown() {
        if (client != null) {
            client.shutdown();
        }
    }
}
