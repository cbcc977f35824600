package dev.chat.it;

import dev.chat.api.error.ErrorCode;
import dev.chat.api.frame.Ack;
import dev.chat.api.frame.DeleteMessage;
import dev.chat.api.frame.EditMessage;
import dev.chat.api.frame.ErrorFrame;
import dev.chat.api.frame.MessageDeleted;
import dev.chat.api.frame.MessageDelivered;
import dev.chat.api.frame.MessageEdited;
import dev.chat.api.frame.React;
import dev.chat.api.frame.Reaction;
import dev.chat.api.frame.Resume;
import dev.chat.api.frame.SendMessage;
import dev.chat.api.frame.Subscribed;
import dev.chat.api.rest.AddMemberRequest;
import dev.chat.api.rest.ApiError;
import dev.chat.api.rest.EditMessageRequest;
import dev.chat.api.rest.MessageView;
import dev.chat.api.rest.ReactionCount;
import dev.chat.api.rest.ReactionRequest;
import dev.chat.api.rest.ReactionView;
import dev.chat.it.support.ApiClient;
import dev.chat.it.support.ChatClient;
import dev.chat.it.support.AliceAndBobInAGroup;
import dev.chat.it.support.TestUser;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Edits, deletes and reactions: the room sees each change as a frame, history shows the outcome, bad requests change nothing. */
class MessageChangesIT extends AliceAndBobInAGroup {

    @Test
    void authorEditsTheRoomSeesItAndHistoryShowsTheNewContentWithEditedAt() {
        try (var aliceSession = alice.connect(base); var bobSession = bob.connect(base)) {
            MessageDelivered original = send(aliceSession, bobSession, "helo", "e-1");

            aliceSession.send(new EditMessage(room, original.messageId(), "hello"));

            MessageEdited edited = bobSession.await(MessageEdited.class);
            assertThat(edited.messageId()).isEqualTo(original.messageId());
            assertThat(edited.seq()).isEqualTo(original.seq());
            assertThat(edited.content()).isEqualTo("hello");
            assertThat(edited.editedBy()).isEqualTo(alice.id());
            assertThat(aliceSession.await(MessageEdited.class).content()).isEqualTo("hello");
            MessageView stored = message(original.messageId(), bob);
            assertThat(stored.content()).isEqualTo("hello");
            assertThat(stored.editedAt()).isEqualTo(edited.editedAt());
            assertThat(stored.deleted()).isFalse();
        }
    }

    @Test
    void editingSomeoneElsesOrAnUnknownOrAnotherRoomsMessageIsRefusedAndChangesNothing() {
        String otherRoom = bob.createGroup(api, "elsewhere", alice).id();
        try (var aliceSession = alice.connect(base); var bobSession = bob.connect(base)) {
            MessageDelivered mine = send(aliceSession, bobSession, "mine", "e-2");

            bobSession.send(new EditMessage(room, mine.messageId(), "hijacked"));
            assertThat(bobSession.await(ErrorFrame.class).code()).isEqualTo(ErrorCode.FORBIDDEN);
            aliceSession.send(new EditMessage(room, "019a0000-0000-7000-8000-000000000000", "ghost"));
            assertThat(aliceSession.await(ErrorFrame.class).code()).isEqualTo(ErrorCode.NOT_FOUND);
            aliceSession.send(new EditMessage(otherRoom, mine.messageId(), "moved"));
            assertThat(aliceSession.await(ErrorFrame.class).code()).isEqualTo(ErrorCode.NOT_FOUND);
            aliceSession.send(new EditMessage(room, mine.messageId(), "x".repeat(4001)));
            assertThat(aliceSession.await(ErrorFrame.class).code()).isEqualTo(ErrorCode.TOO_LARGE);
            aliceSession.sendRaw("{\"type\":\"EDIT_MESSAGE\",\"roomId\":\"" + room + "\",\"messageId\":\"" + mine.messageId() + "\",\"content\":\"\"}");
            assertThat(aliceSession.await(ErrorFrame.class).code()).isEqualTo(ErrorCode.INVALID_FIELD);

            bobSession.assertNone(MessageEdited.class, Duration.ofMillis(500));
            MessageView stored = message(mine.messageId(), alice);
            assertThat(stored.content()).isEqualTo("mine");
            assertThat(stored.editedAt()).isNull();
        }
        var refused = api.patch("rooms/" + room + "/messages/019a0000-0000-7000-8000-000000000000", new EditMessageRequest("x"), alice.accessToken());
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(ApiClient.read(refused, ApiError.class).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void contentOverTheLimitIsRefusedWhenSentAndNothingIsStored() {
        try (var aliceSession = alice.connect(base)) {
            aliceSession.send(new SendMessage(room, "x".repeat(4001), "long-1", null));
            ErrorFrame refused = aliceSession.await(ErrorFrame.class);
            assertThat(refused.code()).isEqualTo(ErrorCode.TOO_LARGE);
            assertThat(refused.clientMsgId()).isEqualTo("long-1");
            aliceSession.send(new SendMessage(room, "x".repeat(4000), "long-2", null));
            assertThat(aliceSession.await(Ack.class).clientMsgId()).isEqualTo("long-2");
        }
    }

    @Test
    void authorDeletesOverWebSocketAndHistoryKeepsATombstone() {
        try (var aliceSession = alice.connect(base); var bobSession = bob.connect(base)) {
            MessageDelivered doomed = send(aliceSession, bobSession, "oops", "d-1");
            aliceSession.send(new React(room, doomed.messageId(), "👍"));
            bobSession.await(Reaction.class);

            aliceSession.send(new DeleteMessage(room, doomed.messageId()));

            MessageDeleted deleted = bobSession.await(MessageDeleted.class);
            assertThat(deleted.messageId()).isEqualTo(doomed.messageId());
            assertThat(deleted.seq()).isEqualTo(doomed.seq());
            assertThat(deleted.deletedBy()).isEqualTo(alice.id());
            MessageView tombstone = message(doomed.messageId(), bob);
            assertThat(tombstone.deleted()).isTrue();
            assertThat(tombstone.content()).isNull();
            assertThat(tombstone.reactions()).isEmpty();
            assertThat(tombstone.seq()).isEqualTo(doomed.seq());

            aliceSession.send(new EditMessage(room, doomed.messageId(), "undo"));
            assertThat(aliceSession.await(ErrorFrame.class).code()).isEqualTo(ErrorCode.NOT_FOUND);
            aliceSession.send(new React(room, doomed.messageId(), "👍"));
            assertThat(aliceSession.await(ErrorFrame.class).code()).isEqualTo(ErrorCode.NOT_FOUND);
        }
    }

    @Test
    void ownersAndAdminsDeleteAnyMessageOverRestPlainMembersOnlyTheirOwn() {
        TestUser carol = TestUser.register(api, "carol");
        assertThat(api.post("rooms/" + room + "/members", new AddMemberRequest(carol.id(), "admin"), alice.accessToken()).statusCode())
                .isEqualTo(200);
        try (var aliceSession = alice.connect(base); var bobSession = bob.connect(base)) {
            MessageDelivered byAlice = send(aliceSession, bobSession, "by alice", "r-1");
            MessageDelivered byBob = send(bobSession, aliceSession, "by bob", "r-2");
            MessageDelivered byBobToo = send(bobSession, aliceSession, "by bob too", "r-3");

            HttpResponse<String> refused = api.delete(path(byAlice.messageId()), bob.accessToken());
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(ApiClient.read(refused, ApiError.class).code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(message(byAlice.messageId(), bob).deleted()).isFalse();

            assertThat(api.delete(path(byBob.messageId()), alice.accessToken()).statusCode()).as("owner").isEqualTo(204);
            assertThat(bobSession.await(MessageDeleted.class).messageId()).isEqualTo(byBob.messageId());
            assertThat(api.delete(path(byBobToo.messageId()), carol.accessToken()).statusCode()).as("admin").isEqualTo(204);
            assertThat(bobSession.await(MessageDeleted.class).messageId()).isEqualTo(byBobToo.messageId());
            assertThat(api.delete(path(byBob.messageId()), alice.accessToken()).statusCode()).as("already deleted").isEqualTo(404);
            assertThat(api.delete(path(byAlice.messageId()), alice.accessToken()).statusCode()).as("author").isEqualTo(204);
        }
        TestUser outsider = TestUser.register(api, "outsider");
        assertThat(api.get(path("019a0000-0000-7000-8000-000000000000"), outsider.accessToken()).statusCode()).isEqualTo(403);
    }

    @Test
    void reactionsToggleOnePerUserPerEmojiWithCountsInFramesAndHistory() {
        try (var aliceSession = alice.connect(base); var bobSession = bob.connect(base)) {
            MessageDelivered message = send(aliceSession, bobSession, "party?", "x-1");

            aliceSession.send(new React(room, message.messageId(), "🎉"));
            Reaction first = bobSession.await(Reaction.class);
            assertThat(first).isEqualTo(new Reaction(room, message.messageId(), message.seq(), alice.id(), "🎉", true, 1));
            ReactionView second = ApiClient.read(api.post(path(message.messageId()) + "/reactions", new ReactionRequest("🎉"),
                    bob.accessToken()), ReactionView.class);
            assertThat(second).isEqualTo(new ReactionView(message.messageId(), "🎉", true, 2));
            assertThat(aliceSession.await(Reaction.class, r -> r.userId().equals(bob.id())).count()).isEqualTo(2);
            bobSession.send(new React(room, message.messageId(), "👍🏽"));
            bobSession.await(Reaction.class, r -> r.emoji().equals("👍🏽"));

            assertThat(message(message.messageId(), alice).reactions())
                    .containsExactly(new ReactionCount("🎉", 2, true), new ReactionCount("👍🏽", 1, false));

            aliceSession.send(new React(room, message.messageId(), "🎉"));
            Reaction removed = bobSession.await(Reaction.class, r -> !r.added());
            assertThat(removed.count()).isEqualTo(1);
            assertThat(removed.userId()).isEqualTo(alice.id());
            assertThat(message(message.messageId(), alice).reactions())
                    .containsExactly(new ReactionCount("🎉", 1, false), new ReactionCount("👍🏽", 1, false));

            aliceSession.send(new React(room, message.messageId(), "lol"));
            assertThat(aliceSession.await(ErrorFrame.class).code()).isEqualTo(ErrorCode.INVALID_FIELD);
            assertThat(api.post(path(message.messageId()) + "/reactions", new ReactionRequest("not one"), bob.accessToken()).statusCode())
                    .isEqualTo(400);
        }
    }

    @Test
    void aResumingClientReplaysMessagesAsTheyAreNow() {
        try (var aliceSession = alice.connect(base); var bobSession = bob.connect(base)) {
            MessageDelivered edited = send(aliceSession, bobSession, "draft", "s-1");
            MessageDelivered deleted = send(aliceSession, bobSession, "regret", "s-2");
            aliceSession.send(new EditMessage(room, edited.messageId(), "final"));
            aliceSession.send(new DeleteMessage(room, deleted.messageId()));
            aliceSession.send(new React(room, edited.messageId(), "❤️"));
            bobSession.await(Reaction.class);
        }
        try (var bobAgain = bob.connect(base)) {
            bobAgain.send(new Resume(room, 0L));
            MessageDelivered first = bobAgain.await(MessageDelivered.class);
            MessageDelivered second = bobAgain.await(MessageDelivered.class);
            bobAgain.await(Subscribed.class);

            assertThat(first.content()).isEqualTo("final");
            assertThat(first.editedAt()).isNotNull();
            assertThat(first.reactions()).containsExactly(new ReactionCount("❤️", 1, false));
            assertThat(second.deleted()).isTrue();
            assertThat(second.content()).isNull();
        }
    }

    /** Sends from one session and returns the MESSAGE the other received. */
    private MessageDelivered send(ChatClient from, ChatClient to, String content, String clientMsgId) {
        from.send(new SendMessage(room, content, clientMsgId, null));
        from.await(Ack.class, ack -> ack.clientMsgId().equals(clientMsgId));
        return to.await(MessageDelivered.class, m -> content.equals(m.content()));
    }

    private MessageView message(String messageId, TestUser reader) {
        HttpResponse<String> response = api.get(path(messageId), reader.accessToken());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ApiClient.read(response, MessageView.class);
    }

    private String path(String messageId) {
        return "rooms/" + room + "/messages/" + messageId;
    }
}
