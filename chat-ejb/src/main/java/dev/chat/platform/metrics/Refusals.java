package dev.chat.platform.metrics;

import dev.chat.api.error.ErrorCode;
import dev.chat.platform.startup.StartsWithApplication;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code chat_refusals_total{code=…,via=…}}: the errors this node answered, by code, as {@code ERROR}
 * frames ({@code via="websocket"}, the handshake's refusals included) or HTTP error responses
 * ({@code via="http"}). {@code RATE_LIMITED} is the rate-limit refusals (per user, per connection,
 * per address, logins and codes); it exists from the start, the other codes from their first use.
 */
@ApplicationScoped
public class Refusals implements StartsWithApplication {
    public enum Via { WEBSOCKET, HTTP }

    private static final Metadata REFUSALS = Metadata.builder().withName("chat_refusals")
            .withDescription("Errors answered by this node (ERROR frames, refused handshakes, HTTP error responses), by code")
            .withUnit(MetricUnits.NONE).build();

    @Inject
    MetricRegistry metrics;

    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    @PostConstruct
    void register() {
        for (Via via : Via.values()) {
            counter(ErrorCode.RATE_LIMITED, via);
        }
    }

    public void refused(ErrorCode code, Via via) {
        counter(code, via).inc();
    }

    private Counter counter(ErrorCode code, Via via) {
        return counters.computeIfAbsent(code.name() + '/' + via, key -> metrics.counter(REFUSALS,
                new Tag("code", code.name()), new Tag("via", via.name().toLowerCase(Locale.ROOT))));
    }
}
