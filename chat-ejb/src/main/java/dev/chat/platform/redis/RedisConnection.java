package dev.chat.platform.redis;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import java.util.logging.Logger;

/**
 * The node's one Redisson client (it pools connections itself), created on first use so that
 * the application deploys while Redis is still starting, and shut down on undeploy.
 */
@ApplicationScoped
public class RedisConnection {
    private static final Logger LOG = Logger.getLogger(RedisConnection.class.getName());

    @Inject
    @ConfigProperty(name = "chat.redis.address")
    String address;

    @Inject
    @ConfigProperty(name = "chat.redis.connect-timeout-ms", defaultValue = "3000")
    int connectTimeoutMs;

    private volatile RedissonClient client;

    public RedissonClient client() {
        RedissonClient current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    Config config = new Config();
                    config.useSingleServer()
                            .setAddress(address)
                            .setConnectTimeout(connectTimeoutMs)
                            .setConnectionMinimumIdleSize(2);
                    client = Redisson.create(config);
                    LOG.info(() -> "Connected to Redis at " + address);
                }
                current = client;
            }
        }
        return current;
    }

    @PreDestroy
    void shutdown() {
        if (client != null) {
            client.shutdown();
        }
    }
}
