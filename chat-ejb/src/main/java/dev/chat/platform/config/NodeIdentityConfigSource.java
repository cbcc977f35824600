package dev.chat.platform.config;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Set;

/**
 * Gives every node a distinct {@code chat.node.id} when none is configured. Each node consumes
 * the membership and presence topics in its own groups ({@code chat-rooms-${chat.node.id}},
 * {@code chat-presence-${chat.node.id}}), so two nodes with the same id would split those events
 * between them and each would miss half of them.
 * Ordinal 50: below the application's properties file (100), environment and system properties.
 */
public class NodeIdentityConfigSource implements ConfigSource {
    static final String NODE_ID = "chat.node.id";

    private final Map<String, String> properties = Map.of(NODE_ID, defaultNodeId());

    private static String defaultNodeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "node";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return "chat-node-identity";
    }

    @Override
    public int getOrdinal() {
        return 50;
    }
}
