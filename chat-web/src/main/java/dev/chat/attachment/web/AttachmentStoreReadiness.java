package dev.chat.attachment.web;

import dev.chat.attachment.control.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports whether the attachment store answers (its bucket exists and the credentials work), in
 * the check's data. Always up: chat goes on without the store (uploads and downloads answer 503
 * meanwhile), so an outage of the store must not take the node out of a load balancer's rotation.
 */
@Readiness
@ApplicationScoped
public class AttachmentStoreReadiness implements HealthCheck {

    @Inject
    ObjectStore store;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("attachment-store").up();
        try {
            store.ping();
            return response.withData("reachable", true).build();
        } catch (RuntimeException e) { // UNAVAILABLE, or a client failure
            return response.withData("reachable", false).withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
