package dev.chat.bench.baseline;

import dev.chat.connection.control.TyrusIdleTimers;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * BENCHMARK BASELINE, NOT A PRODUCT FEATURE: the transport's ceiling. Broadcasts each text frame
 * to every session of its room ({@code ?room=}), the sender included, with no authentication,
 * Kafka, database or JSON: what Payara's WebSocket stack delivers on this machine, against which
 * the product's figures are read as ratios. It runs on the same runtime with the same idle-timer
 * setting as the product ({@code -Dbench.baseline.plain-idle-scheduler}, default true).
 */
@ServerEndpoint("/baseline/ws")
public class BroadcastEndpoint {
    private static final Map<String, Set<Session>> ROOMS = new ConcurrentHashMap<>();
    private static final TyrusIdleTimers IDLE_TIMERS =
            new TyrusIdleTimers(Boolean.parseBoolean(System.getProperty("bench.baseline.plain-idle-scheduler", "true")));

    @OnOpen
    public void open(Session session) {
        IDLE_TIMERS.apply(session);
        ROOMS.computeIfAbsent(room(session), id -> ConcurrentHashMap.newKeySet()).add(session);
    }

    @OnMessage
    public void message(Session session, String text) {
        for (Session member : ROOMS.getOrDefault(room(session), Set.of())) {
            if (member.isOpen()) {
                member.getAsyncRemote().sendText(text);
            }
        }
    }

    @OnClose
    public void close(Session session) {
        ROOMS.computeIfPresent(room(session), (id, sessions) -> {
            sessions.remove(session);
            return sessions.isEmpty() ? null : sessions;
        });
    }

    private static String room(Session session) {
        List<String> room = session.getRequestParameterMap().get("room");
        return room == null || room.isEmpty() ? "" : room.get(0);
    }
}
