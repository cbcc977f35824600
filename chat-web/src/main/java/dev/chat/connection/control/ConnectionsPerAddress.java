package dev.chat.connection.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Open WebSocket connections per client address on this node, at most
 * {@code chat.ws.max-connections-per-address} each (0 = no limit): one address cannot take all of a
 * node's sockets. The handshake is refused once the address has its maximum ({@link #full});
 * connections count from {@code @OnOpen} to {@code @OnClose}, so a handshake that fails later
 * holds nothing. Handshakes racing each other may pass the check together: a burst can overshoot
 * the limit by the handshakes in flight, never grow past it for long.
 */
@ApplicationScoped
public class ConnectionsPerAddress {

    @Inject
    @ConfigProperty(name = "chat.ws.max-connections-per-address", defaultValue = "1000")
    int maxPerAddress;

    private final Map<String, Integer> open = new ConcurrentHashMap<>();

    /** True when {@code address} holds its maximum of connections already. */
    public boolean full(String address) {
        return maxPerAddress > 0 && address != null && open.getOrDefault(address, 0) >= maxPerAddress;
    }

    public void opened(String address) {
        if (address != null) {
            open.merge(address, 1, Integer::sum);
        }
    }

    public void closed(String address) {
        if (address != null) {
            open.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
        }
    }

    public int maxPerAddress() {
        return maxPerAddress;
    }
}
