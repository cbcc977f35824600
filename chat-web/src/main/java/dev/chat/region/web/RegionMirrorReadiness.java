package dev.chat.region.web;

import dev.chat.platform.kafka.KafkaBroker;
import dev.chat.platform.kafka.RegionTopics;
import dev.chat.region.boundary.RegionFailover;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * With regions on (docs/regions.md), how far behind each other region this one is: the mirror's
 * lag ({@code <region>.mirrorLagMs}: the age of the newest MirrorMaker 2 heartbeat copied here
 * from that region, emitted there every second, so about 1 s at best) and this region's own
 * ({@code <region>.unstored}: records copied from there that the persister and the catalogue have
 * not stored yet). Always UP: another region that lags or is lost must not take this region's
 * nodes out of service; the numbers are for operators (and the promotion waits for
 * {@code unstored} to reach 0).
 */
@Readiness
@ApplicationScoped
public class RegionMirrorReadiness implements HealthCheck {
    private static final String HEARTBEATS = ".heartbeats";

    @Inject
    KafkaBroker broker;

    @Inject
    RegionFailover failover;

    @Inject
    @ConfigProperty(name = "chat.region.mirrored") // default in microprofile-config.properties
    boolean mirrored;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("regions").up().withData("mirrored", mirrored);
        if (!mirrored) {
            return response.build();
        }
        try {
            Map<String, Long> newest = broker.newestTimestamps(topic -> topic.endsWith(HEARTBEATS) && topic.length() > HEARTBEATS.length())
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);
            long now = System.currentTimeMillis();
            Map<String, Long> lags = new TreeMap<>();
            newest.forEach((topic, timestamp) -> lags.put(RegionTopics.sourceRegionOf(topic), Math.max(0, now - timestamp)));
            for (var lag : lags.entrySet()) {
                response.withData(lag.getKey() + ".mirrorLagMs", lag.getValue()).withData(lag.getKey() + ".unstored", failover.unstoredFrom(lag.getKey()));
            }
            return response.build();
        } catch (ExecutionException | TimeoutException e) {
            return response.withData("error", "could not ask Kafka for the mirrors' lag: " + e).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return response.build();
        }
    }
}
