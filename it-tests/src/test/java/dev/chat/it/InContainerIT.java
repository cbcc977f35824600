package dev.chat.it;

import dev.chat.api.frame.SendMessage;
import dev.chat.api.rest.CreateRoomRequest;
import dev.chat.api.rest.RegisterRequest;
import dev.chat.api.rest.UserView;
import dev.chat.auth.boundary.Accounts;
import dev.chat.it.support.ChatDeployment;
import dev.chat.message.boundary.MessagePublisher;
import dev.chat.message.boundary.Messages;
import dev.chat.room.boundary.RoomMembership;
import dev.chat.room.boundary.Rooms;
import dev.chat.room.entity.RoomRole;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.Archive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Testers' entry point for tests inside the container (WAR on Payara Micro, EAR on Payara
 * Server): the test runs in the deployed application with its CDI beans, EJBs, JPA and Reactive
 * Messaging channels injected, against the real stack.
 */
@ExtendWith(ArquillianExtension.class)
class InContainerIT {

    @Deployment
    public static Archive<?> chatDeployment() {
        return ChatDeployment.forRuntimeWith(InContainerIT.class);
    }

    @EJB
    Accounts accounts;

    @EJB
    Rooms rooms;

    @EJB
    Messages messages;

    @Inject
    RoomMembership membership;

    @Inject
    MessagePublisher publisher;

    @Test
    void beansStoreAccountsAndRoomsAndCheckMembership() {
        UserView owner = accounts.register(new RegisterRequest("ic-" + UUID.randomUUID().toString().substring(0, 8), "password-1", null));

        String roomId = rooms.create(owner.id(), new CreateRoomRequest("group", "in container", List.of())).room().id();

        assertEquals(RoomRole.OWNER, membership.requireMember(roomId, owner.id()));
        assertTrue(accounts.isActive(owner.id()));
    }

    @Test
    void aPublishedMessageIsAcknowledgedByKafkaThenStoredThroughTheChannels() throws Exception {
        UserView sender = accounts.register(new RegisterRequest("ic-" + UUID.randomUUID().toString().substring(0, 8), "password-1", null));
        String roomId = rooms.create(sender.id(), new CreateRoomRequest("group", "channels", List.of())).room().id();

        var sent = publisher.publish(sender.id(), new SendMessage(roomId, "through Kafka", "ic-1", null), MessagePublisher.Publication.none())
                .durable().toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertNotNull(sent.messageId());
        long deadline = System.currentTimeMillis() + 30_000;
        while (messages.missedSince(sender.id(), roomId, 0, 10).isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        var stored = messages.missedSince(sender.id(), roomId, 0, 10);
        assertEquals(1, stored.size());
        assertEquals(sent.messageId(), stored.get(0).messageId());
        assertEquals(1L, stored.get(0).seq());
    }
}
