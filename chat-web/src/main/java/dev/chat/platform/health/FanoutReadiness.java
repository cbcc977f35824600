package dev.chat.platform.health;

import dev.chat.platform.kafka.FanoutAssignment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once this node's fan-out consumer owns the message topic's partitions. */
@Readiness
@ApplicationScoped
public class FanoutReadiness implements HealthCheck {

    @Inject
    FanoutAssignment assignment;

    @Override
    public HealthCheckResponse call() {
        int partitions = assignment.ownedPartitions();
        return HealthCheckResponse.named("kafka-fanout").status(partitions > 0).withData("partitions", partitions).build();
    }
}
