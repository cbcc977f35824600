package dev.chat.connection.control;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/**
 * A WebSocket session for unit tests: records what is sent and how it is closed, and completes a
 * send only when the test says so ({@link #complete()}), as a slow or fast client would.
 */
final class FakeSession {
    final List<String> sent = new ArrayList<>();
    final List<CloseReason> closes = new ArrayList<>();
    private final List<SendHandler> inFlight = new ArrayList<>();
    final Session session;

    FakeSession(String id) {
        RemoteEndpoint.Async remote = (RemoteEndpoint.Async) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{RemoteEndpoint.Async.class}, (proxy, method, args) -> {
                    if (method.getName().equals("sendText") && args.length == 2) {
                        sent.add((String) args[0]);
                        inFlight.add((SendHandler) args[1]);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Session.class}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "getId":
                    return id;
                case "getAsyncRemote":
                    return remote;
                case "close":
                    closes.add(args == null ? null : (CloseReason) args[0]);
                    return null;
                case "isOpen":
                    return closes.isEmpty();
                default:
                    throw new UnsupportedOperationException(method.getName());
            }
        });
    }

    /** The client took the oldest send in flight. */
    void complete() {
        inFlight.remove(0).onResult(new SendResult());
    }

    int inFlight() {
        return inFlight.size();
    }
}
