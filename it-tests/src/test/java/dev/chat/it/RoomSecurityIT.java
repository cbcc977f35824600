package dev.chat.it;

import dev.chat.api.MembershipChange;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.frame.Ack;
import dev.chat.api.frame.ErrorFrame;
import dev.chat.api.frame.Membership;
import dev.chat.api.frame.MessageDelivered;
import dev.chat.api.frame.Ping;
import dev.chat.api.frame.Pong;
import dev.chat.api.frame.Reauth;
import dev.chat.api.frame.SendMessage;
import dev.chat.api.frame.Subscribe;
import dev.chat.api.rest.AddMemberRequest;
import dev.chat.it.support.ApiClient;
import dev.chat.it.support.ChatClient;
import dev.chat.it.support.DeployedChat;
import dev.chat.it.support.StoredMessages;
import dev.chat.it.support.TestTokens;
import dev.chat.it.support.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Membership on the WebSocket: only members send and receive, changes take effect on open
 * sessions without a reconnect, and expired sessions must re-authenticate. The node under test
 * re-checks sessions every 500 ms with a 2 s grace (see it-tests/pom.xml).
 */
class RoomSecurityIT extends DeployedChat {

    private TestUser owner;
    private TestUser member;
    private TestUser outsider;
    private String room;

    @BeforeEach
    void ownerAndMemberShareAGroupAnOutsiderDoesNot() throws Exception {
        owner = TestUser.register(api, "owner");
        member = TestUser.register(api, "member");
        outsider = TestUser.register(api, "outsider");
        room = owner.createGroup(api, "members only", member).id();
    }

    @Test
    void nonMemberSendIsRefusedNothingStoredAndMembersUnaffected() throws Exception {
        try (var ownerSession = owner.connect(base); var outsiderSession = outsider.connect(base)) {
            outsiderSession.send(new SendMessage(room, "let me in", "x-1", null));

            ErrorFrame refused = outsiderSession.await(ErrorFrame.class);
            assertThat(refused.code()).isEqualTo(ErrorCode.NOT_A_MEMBER);
            assertThat(refused.clientMsgId()).isEqualTo("x-1");
            outsiderSession.send(new Subscribe(room, null));
            assertThat(outsiderSession.await(ErrorFrame.class).code()).isEqualTo(ErrorCode.NOT_A_MEMBER);

            ownerSession.send(new Ping());
            ownerSession.await(Pong.class);
            ownerSession.assertNone(MessageDelivered.class, Duration.ofMillis(500));
            outsiderSession.assertNone(MessageDelivered.class, Duration.ZERO);
        }
        assertThat(StoredMessages.of(room)).isEmpty();
    }

    @Test
    void outsiderDoesNotReceiveTheRoomsMessages() {
        try (var ownerSession = owner.connect(base); var outsiderSession = outsider.connect(base)) {
            ownerSession.send(new SendMessage(room, "secret", "o-1", null));
            ownerSession.await(MessageDelivered.class);

            outsiderSession.assertNone(MessageDelivered.class, Duration.ofMillis(500));
        }
    }

    @Test
    void memberRemovedMidSessionStopsReceivingAndCannotSend() throws Exception {
        try (var ownerSession = owner.connect(base); var memberSession = member.connect(base)) {
            assertThat(api.delete("rooms/" + room + "/members/" + member.id(), owner.accessToken()).statusCode()).isEqualTo(204);

            // (the JOINED of the room's creation may arrive first: it travels through Kafka too)
            Membership removed = memberSession.await(Membership.class, frame -> frame.change() != MembershipChange.JOINED);
            assertThat(removed.change()).isEqualTo(MembershipChange.REMOVED);
            assertThat(removed.roomId()).isEqualTo(room);
            memberSession.send(new SendMessage(room, "still here?", "m-1", null));
            assertThat(memberSession.await(ErrorFrame.class).code()).isEqualTo(ErrorCode.NOT_A_MEMBER);

            ownerSession.send(new SendMessage(room, "after removal", "o-2", null));
            ownerSession.await(MessageDelivered.class);
            memberSession.assertNone(MessageDelivered.class, Duration.ofMillis(500));
        }
        assertThat(StoredMessages.of(room)).extracting(StoredMessages.Row::content).containsExactly("after removal");
    }

    @Test
    void userAddedMidSessionStartsReceivingWithoutReconnect() {
        try (var ownerSession = owner.connect(base); var newcomerSession = outsider.connect(base)) {
            api.post("rooms/" + room + "/members", new AddMemberRequest(outsider.id(), null), owner.accessToken());

            Membership joined = newcomerSession.await(Membership.class, frame -> frame.roomId().equals(room));
            assertThat(joined.change()).isEqualTo(MembershipChange.JOINED);
            ownerSession.send(new SendMessage(room, "welcome", "o-3", null));

            assertThat(newcomerSession.await(MessageDelivered.class).content()).isEqualTo("welcome");
            // told once: the node that committed the change applied it then, and skips its record from Kafka
            newcomerSession.assertNone(Membership.class, frame -> frame.roomId().equals(room), Duration.ofSeconds(1));
        }
    }

    @Test
    void injectionStringsInContentArriveAndAreStoredVerbatim() throws Exception {
        String content = "'); DROP TABLE messages; -- {\"type\":\"ACK\",\"x\":1} <img src=x onerror=alert(1)> \\u0000";
        try (var ownerSession = owner.connect(base); var memberSession = member.connect(base)) {
            ownerSession.send(new SendMessage(room, content, "o-4", null));

            assertThat(memberSession.await(MessageDelivered.class).content()).isEqualTo(content);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> StoredMessages.of(room).size() == 1);
        assertThat(StoredMessages.of(room).get(0).content()).isEqualTo(content);
    }

    @Test
    void expiredSessionIsAskedToReauthAndKeepsGoingWithAFreshToken() {
        try (var session = ChatClient.connect(base, TestTokens.validFor(member.id(), Duration.ofSeconds(2)))) {
            ErrorFrame expired = session.await(ErrorFrame.class);
            assertThat(expired.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
            assertThat(expired.message()).contains("REAUTH");

            session.send(new Reauth(member.accessToken()));

            session.assertNone(ErrorFrame.class, Duration.ofSeconds(3)); // beyond the 2 s grace
            session.send(new Ping());
            session.await(Pong.class);
            assertThat(session.isOpen()).isTrue();
        }
    }

    @Test
    void expiredSessionWithoutReauthIsClosedWithPolicyViolation() {
        try (var session = ChatClient.connect(base, TestTokens.validFor(member.id(), Duration.ofSeconds(1)))) {
            session.await(ErrorFrame.class);

            assertThat(session.awaitClose()).isEqualTo(1008);
        }
    }

    @Test
    void reauthWithAnotherUsersTokenIsRefused() {
        try (var session = member.connect(base)) {
            session.send(new Reauth(outsider.accessToken()));

            assertThat(session.await(ErrorFrame.class).code()).isEqualTo(ErrorCode.FORBIDDEN);
        }
    }

    @Test
    void deletedUsersSessionIsClosedAndTheirTokenRefused() {
        try (var session = member.connect(base)) {
            assertThat(api.delete("users/me", member.accessToken()).statusCode()).isEqualTo(204);

            assertThat(session.awaitClose()).isEqualTo(1008);
        }
        var refused = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + member.accessToken())
                .buildAsync(ChatClient.webSocketUri(base), new java.net.http.WebSocket.Listener() { });
        assertThat(refused).failsWithin(Duration.ofSeconds(10));
    }
}
