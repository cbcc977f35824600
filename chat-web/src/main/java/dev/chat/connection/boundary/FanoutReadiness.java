package dev.chat.connection.boundary;

import dev.chat.message.boundary.StoredEventChannels;
import dev.chat.platform.kafka.MessagePartitions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the node holds the channel subscription of every room its sessions read (and its
 * persister does not store). Data: the message topic's partitions, how many of them this node
 * persists, how many rooms' channels it receives, how many it failed to subscribe to.
 */
@Readiness
@ApplicationScoped
public class FanoutReadiness implements HealthCheck {

    @Inject
    RoomInterest interest;

    @Inject
    MessagePartitions partitions;

    @Inject
    StoredEventChannels channels;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("fanout").status(interest.ready())
                .withData("partitions", partitions.count())
                .withData("persisted", partitions.persistedCount())
                .withData("subscribed", channels.subscribedCount())
                .withData("failing", interest.failingRooms())
                .build();
    }
}
