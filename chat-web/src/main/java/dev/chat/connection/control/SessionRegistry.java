package dev.chat.connection.control;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** This node's open sessions, by user (a user may have several devices connected). */
@ApplicationScoped
public class SessionRegistry {
    private final Map<String, Set<ConnectedSession>> byUser = new ConcurrentHashMap<>();

    public void register(ConnectedSession session) {
        byUser.computeIfAbsent(session.userId(), id -> ConcurrentHashMap.newKeySet()).add(session);
    }

    public void unregister(ConnectedSession session) {
        byUser.computeIfPresent(session.userId(), (id, sessions) -> {
            sessions.remove(session);
            return sessions.isEmpty() ? null : sessions;
        });
    }

    public Collection<ConnectedSession> sessionsOf(String userId) {
        return byUser.getOrDefault(userId, Set.of());
    }

    public List<ConnectedSession> all() {
        return byUser.values().stream().flatMap(Set::stream).toList();
    }

    public int count() {
        return byUser.values().stream().mapToInt(Set::size).sum();
    }
}
