package dev.chat.it;

import dev.chat.api.error.ErrorCode;
import dev.chat.api.frame.Ack;
import dev.chat.api.frame.ErrorFrame;
import dev.chat.api.frame.MessageDelivered;
import dev.chat.api.frame.Read;
import dev.chat.api.frame.Receipt;
import dev.chat.api.frame.SendMessage;
import dev.chat.api.rest.MemberView;
import dev.chat.api.rest.RoomView;
import dev.chat.it.support.ApiClient;
import dev.chat.it.support.ChatClient;
import dev.chat.it.support.DeployedChat;
import dev.chat.it.support.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Read receipts move forward only, reach the room, and drive the unread counts of the room list. */
class ReceiptsAndInboxIT extends DeployedChat {

    private TestUser alice;
    private TestUser bob;

    @BeforeEach
    void aliceAndBob() {
        alice = TestUser.register(api, "alice");
        bob = TestUser.register(api, "bob");
    }

    @Test
    void readMovesForwardOnlyBroadcastsAReceiptAndSetsTheUnreadCount() {
        String room = alice.createGroup(api, "receipts", bob).id();
        try (var aliceSession = alice.connect(base); var bobSession = bob.connect(base)) {
            sendAll(aliceSession, bobSession, room, 5);
            assertThat(roomOf(bob, room).unreadCount()).isEqualTo(5);
            assertThat(roomOf(alice, room).unreadCount()).as("one's own messages are read").isZero();

            bobSession.send(new Read(room, 3L));

            Receipt receipt = aliceSession.await(Receipt.class);
            assertThat(receipt.roomId()).isEqualTo(room);
            assertThat(receipt.userId()).isEqualTo(bob.id());
            assertThat(receipt.seq()).isEqualTo(3);
            assertThat(receipt.readAt()).isNotNull();
            assertThat(bobSession.await(Receipt.class).seq()).as("the reader's other devices learn it too").isEqualTo(3);
            RoomView bobsView = roomOf(bob, room);
            assertThat(bobsView.lastReadSeq()).isEqualTo(3);
            assertThat(bobsView.unreadCount()).isEqualTo(2);
            assertThat(ApiClient.readList(api.get("rooms/" + room + "/members", alice.accessToken()), MemberView.class))
                    .filteredOn(member -> member.userId().equals(bob.id())).extracting(MemberView::lastReadSeq)
                    .as("members show how far each has read").containsExactly(3L);

            bobSession.send(new Read(room, 2L));
            aliceSession.assertNone(Receipt.class, Duration.ofMillis(500));
            assertThat(roomOf(bob, room).lastReadSeq()).as("never backwards").isEqualTo(3);

            bobSession.send(new Read(room, 99L));
            assertThat(bobSession.await(ErrorFrame.class).code()).isEqualTo(ErrorCode.INVALID_FIELD);
            TestUser outsider = TestUser.register(api, "outsider");
            try (var outsiderSession = outsider.connect(base)) {
                outsiderSession.send(new Read(room, 1L));
                assertThat(outsiderSession.await(ErrorFrame.class).code()).isEqualTo(ErrorCode.NOT_A_MEMBER);
            }

            bobSession.send(new Read(room, 5L));
            assertThat(aliceSession.await(Receipt.class).seq()).isEqualTo(5);
            assertThat(roomOf(bob, room).unreadCount()).isZero();
        }
    }

    @Test
    void roomListShowsLastMessageAndUnreadCountSortedByLastActivity() {
        String quiet = alice.createGroup(api, "quiet", bob).id();
        String busy = alice.createGroup(api, "busy", bob).id();
        String newest = alice.createGroup(api, "no messages yet", bob).id();
        try (var aliceSession = alice.connect(base); var bobSession = bob.connect(base)) {
            sendAll(aliceSession, bobSession, busy, 3);
            sendAll(aliceSession, bobSession, quiet, 2);
        }

        List<RoomView> rooms = ApiClient.readList(api.get("rooms", bob.accessToken()), RoomView.class);

        assertThat(rooms).extracting(RoomView::id).containsExactly(quiet, busy, newest);
        RoomView first = rooms.get(0);
        assertThat(first.unreadCount()).isEqualTo(2);
        assertThat(first.lastSeq()).isEqualTo(2);
        assertThat(first.lastMessage().content()).isEqualTo("message 2");
        assertThat(first.lastMessage().senderId()).isEqualTo(alice.id());
        assertThat(first.lastActivityAt()).isEqualTo(first.lastMessage().ts());
        assertThat(rooms.get(1).unreadCount()).isEqualTo(3);
        assertThat(rooms.get(2).lastMessage()).isNull();
        assertThat(rooms.get(2).unreadCount()).isZero();
        assertThat(rooms.get(2).lastActivityAt()).isEqualTo(rooms.get(2).createdAt());
    }

    private void sendAll(ChatClient from, ChatClient to, String room, int count) {
        for (int i = 1; i <= count; i++) {
            String clientMsgId = room + "-" + i;
            from.send(new SendMessage(room, "message " + i, clientMsgId, null));
            from.await(Ack.class, ack -> ack.clientMsgId().equals(clientMsgId));
        }
        to.await(MessageDelivered.class, m -> m.roomId().equals(room) && m.seq() == count);
    }

    private RoomView roomOf(TestUser user, String room) {
        var response = api.get("rooms/" + room, user.accessToken());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ApiClient.read(response, RoomView.class);
    }
}
