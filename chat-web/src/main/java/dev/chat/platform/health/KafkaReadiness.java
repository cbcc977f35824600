package dev.chat.platform.health;

import dev.chat.platform.kafka.KafkaBroker;
import dev.chat.platform.kafka.OutageBuffer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.concurrent.ExecutionException;

/**
 * Ready while the Kafka cluster answers a metadata request (one admin client, reused). While it
 * does not, the node stays live and keeps taking messages into its {@link OutageBuffer}; the
 * check reports how many it holds, so that an operator sees the outage and its backlog.
 */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {

    @Inject
    KafkaBroker broker;

    @Inject
    OutageBuffer outageBuffer;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("kafka").withData("heldMessages", outageBuffer.size());
        try {
            int brokers = broker.brokers().toCompletableFuture().get();
            return response.status(brokers > 0).withData("brokers", brokers).build();
        } catch (ExecutionException e) {
            return response.down().withData("error", String.valueOf(e.getCause() == null ? e.getMessage() : e.getCause().getMessage())).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return response.down().build();
        }
    }
}
