package dev.chat.platform.config;

import dev.chat.platform.kafka.OutageBuffer;
import dev.chat.platform.kafka.RoomEventLog;
import dev.chat.ratelimit.boundary.SendRateLimit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Creates at deployment the beans a message first reaches on a Redis or Kafka client thread.
 * Such a thread does not carry the application's class loader, and MP Config resolves a bean's
 * {@code @ConfigProperty} fields through it: created there, the bean fails with "No value present"
 * (seen as NOT_DURABLE on the first messages a fresh node took). Created here, on a deployment
 * thread, they are ready before any connection.
 */
@ApplicationScoped
public class EagerStart {
    private static final Logger LOG = Logger.getLogger(EagerStart.class.getName());

    @Inject
    RoomEventLog roomEventLog;

    @Inject
    OutageBuffer outageBuffer;

    @Inject
    SendRateLimit sendRateLimit;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // a call on each client proxy creates the bean behind it, here and now
        String created = roomEventLog.toString() + ", " + outageBuffer.toString() + ", " + sendRateLimit.toString();
        LOG.log(Level.FINE, "Created at start: {0}", created);
    }
}
