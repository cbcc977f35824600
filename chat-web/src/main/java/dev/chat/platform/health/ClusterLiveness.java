package dev.chat.platform.health;

import com.hazelcast.core.HazelcastInstance;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The Payara cluster this node is in (Hazelcast, which Payara binds at {@code payara/Hazelcast}):
 * always UP, since chat traffic does not cross the data grid (Kafka and Redis carry it) and a
 * node alone still serves its clients correctly; its data shows operators (and {@code ClusterIT})
 * whether the nodes found each other: the cluster's name and its members.
 */
@Liveness
@ApplicationScoped
public class ClusterLiveness implements HealthCheck {
    static final String HAZELCAST = "payara/Hazelcast";

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("payara-cluster").up();
        try {
            var hazelcast = (HazelcastInstance) new InitialContext().lookup(HAZELCAST);
            if (!hazelcast.getLifecycleService().isRunning()) {
                return response.withData("members", 0).withData("state", "data grid stopped").build();
            }
            return response.withData("name", hazelcast.getConfig().getClusterName())
                    .withData("members", hazelcast.getCluster().getMembers().size()).build();
        } catch (NamingException | ClassCastException | IllegalStateException notClustered) {
            // --nocluster / --nohazelcast, or a domain with the data grid disabled
            return response.withData("members", 0).withData("state", "not clustered").build();
        }
    }
}
