package dev.chat.connection.boundary;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.frame.ClientFrame;
import dev.chat.api.frame.DeleteMessage;
import dev.chat.api.frame.EditMessage;
import dev.chat.api.frame.Ping;
import dev.chat.api.frame.Pong;
import dev.chat.api.frame.React;
import dev.chat.api.frame.Read;
import dev.chat.api.frame.Reauth;
import dev.chat.api.frame.Resume;
import dev.chat.api.frame.SendMessage;
import dev.chat.api.frame.Subscribe;
import dev.chat.api.frame.Typing;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientFrameRoutesTest {

    @Test
    void everyClientFrameTypeHasExactlyOneRoute() {
        for (Class<?> type : ClientFrame.class.getPermittedSubclasses()) {
            RecordingHandler handler = new RecordingHandler();

            ClientFrameRoutes.route(instanceOf(type), handler);

            assertThat(handler.routed).as(type.getSimpleName()).hasSize(1);
        }
    }

    @Test
    void roomActionsGoToTheRoomActionRoute() {
        for (ClientFrame frame : List.of(new EditMessage("r", "m", "c"), new DeleteMessage("r", "m"), new React("r", "m", "👍"), new Read("r", 1L))) {
            RecordingHandler handler = new RecordingHandler();

            ClientFrameRoutes.route(frame, handler);

            assertThat(handler.routed).containsExactly("roomAction " + frame.getClass().getSimpleName());
        }
    }

    @Test
    void aFrameWithoutARouteIsRefusedWithUnknownType() {
        RecordingHandler handler = new RecordingHandler();

        assertThatThrownBy(() -> ClientFrameRoutes.route(new Pong(Instant.now(), 50_000), handler))
                .isInstanceOfSatisfying(ChatException.class, refused -> assertThat(refused.code()).isEqualTo(ErrorCode.UNKNOWN_TYPE))
                .hasMessageContaining("PONG");
        assertThat(handler.routed).isEmpty();
    }

    /** A record of the type with every component at its default: the routes look at the type only. */
    private static ClientFrame instanceOf(Class<?> type) {
        try {
            RecordComponent[] components = type.getRecordComponents();
            Class<?>[] parameterTypes = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            Object[] arguments = Arrays.stream(parameterTypes).map(p -> p.isPrimitive() ? defaultOf(p) : null).toArray();
            return (ClientFrame) type.getDeclaredConstructor(parameterTypes).newInstance(arguments);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot create a " + type.getSimpleName(), e);
        }
    }

    private static Object defaultOf(Class<?> primitive) {
        // no record component of a client frame is another primitive type; Array.get of a new array gives its zero
        return java.lang.reflect.Array.get(java.lang.reflect.Array.newInstance(primitive, 1), 0);
    }

    private static final class RecordingHandler implements ClientFrameRoutes.Handler {
        final List<String> routed = new ArrayList<>();

        @Override
        public void sendMessage(SendMessage frame) {
            routed.add("sendMessage");
        }

        @Override
        public void subscribe(Subscribe frame) {
            routed.add("subscribe");
        }

        @Override
        public void resume(Resume frame) {
            routed.add("resume");
        }

        @Override
        public void ping(Ping frame) {
            routed.add("ping");
        }

        @Override
        public void typing(Typing frame) {
            routed.add("typing");
        }

        @Override
        public void reauth(Reauth frame) {
            routed.add("reauth");
        }

        @Override
        public void roomAction(ClientFrame frame) {
            routed.add("roomAction " + frame.getClass().getSimpleName());
        }
    }
}
