package dev.chat.connection.boundary;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.frame.ClientFrame;
import dev.chat.api.frame.FrameType;
import dev.chat.api.frame.Ping;
import dev.chat.api.frame.Reauth;
import dev.chat.api.frame.Resume;
import dev.chat.api.frame.SendMessage;
import dev.chat.api.frame.Subscribe;
import dev.chat.api.frame.Typing;

/**
 * Where each client frame goes. Every {@link ClientFrame} type has a route; a type without one
 * (added to the protocol, not yet handled here) is refused with {@code UNKNOWN_TYPE}, never
 * dropped ({@code ClientFrameRoutesTest} checks that every type has a route).
 */
final class ClientFrameRoutes {
    private ClientFrameRoutes() {
    }

    /** One method per route; a connection implements it. */
    interface Handler {
        void sendMessage(SendMessage frame);

        void subscribe(Subscribe frame);

        void resume(Resume frame);

        void ping(Ping frame);

        void typing(Typing frame);

        void reauth(Reauth frame);

        /** {@link RoomActions#handles(ClientFrame) A room action}: runs off the container's thread. */
        void roomAction(ClientFrame frame);
    }

    /** Routes a decoded frame; one without a route (a type only the server sends included) is refused. */
    static void route(Object frame, Handler handler) {
        if (frame instanceof SendMessage sendMessage) {
            handler.sendMessage(sendMessage);
        } else if (frame instanceof Subscribe subscribe) {
            handler.subscribe(subscribe);
        } else if (frame instanceof Resume resume) {
            handler.resume(resume);
        } else if (frame instanceof Ping ping) {
            handler.ping(ping);
        } else if (frame instanceof Typing typing) {
            handler.typing(typing);
        } else if (frame instanceof Reauth reauth) {
            handler.reauth(reauth);
        } else if (frame instanceof ClientFrame action && RoomActions.handles(action)) {
            handler.roomAction(action);
        } else {
            throw new ChatException(ErrorCode.UNKNOWN_TYPE, "frame type " + wireNameOf(frame) + " is not handled by this server");
        }
    }

    private static String wireNameOf(Object frame) {
        FrameType type = frame instanceof Record decoded ? FrameType.of(decoded) : null;
        return type == null ? frame.getClass().getSimpleName() : type.wireName();
    }
}
