package dev.chat.platform.kafka;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

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
        var answered = new CompletableFuture<Integer>();
        admin().describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS)).nodes()
                .whenComplete((nodes, failure) -> {
                    if (failure != null) {
                        answered.completeExceptionally(failure);
                    } else {
                        answered.complete(nodes.size());
                    }
                });
        return answered.orTimeout(TIMEOUT_MS + 500L, TimeUnit.MILLISECONDS);
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
