package dev.chat.platform.health;

import dev.chat.platform.redis.RedisConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while Redis answers a round trip. */
@Readiness
@ApplicationScoped
public class RedisReadiness implements HealthCheck {

    @Inject
    RedisConnection redis;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("redis");
        try {
            redis.client().getBucket("chat:health").isExists();
            return response.up().build();
        } catch (RuntimeException e) {
            return response.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
