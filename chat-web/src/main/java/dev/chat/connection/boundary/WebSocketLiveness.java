package dev.chat.connection.boundary;

import dev.chat.connection.control.SessionIdleTimer;
import dev.chat.connection.control.SessionRegistry;
import dev.chat.connection.control.SessionWriters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * The WebSocket edge: always UP while the node runs; its data tells operators (and the system
 * tests) how many sessions are open here, how their idle timers run ({@link SessionIdleTimer}) and
 * which threads write their frames ({@link SessionWriters}).
 */
@Liveness
@ApplicationScoped
public class WebSocketLiveness implements HealthCheck {

    @Inject
    SessionRegistry registry;

    @Inject
    SessionIdleTimer idleTimer;

    @Inject
    SessionWriters writers;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("websocket").up()
                .withData("sessions", registry.count())
                .withData("idle-timers", idleTimer.mode().name())
                .withData("writer-threads", writers.mode().name())
                .build();
    }
}
