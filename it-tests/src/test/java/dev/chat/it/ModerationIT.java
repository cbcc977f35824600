package dev.chat.it;

import dev.chat.api.MembershipChange;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.frame.Ack;
import dev.chat.api.frame.EditMessage;
import dev.chat.api.frame.ErrorFrame;
import dev.chat.api.frame.Membership;
import dev.chat.api.frame.MessageDeleted;
import dev.chat.api.frame.MessageDelivered;
import dev.chat.api.frame.MessageHidden;
import dev.chat.api.frame.MessageRestored;
import dev.chat.api.frame.Resume;
import dev.chat.api.frame.SendMessage;
import dev.chat.api.frame.Subscribed;
import dev.chat.api.rest.AccountView;
import dev.chat.api.rest.AddMemberRequest;
import dev.chat.api.rest.BanRequest;
import dev.chat.api.rest.BanView;
import dev.chat.api.rest.EditMessageRequest;
import dev.chat.api.rest.FlagView;
import dev.chat.api.rest.MemberView;
import dev.chat.api.rest.MessageSearchPage;
import dev.chat.api.rest.MessageView;
import dev.chat.api.rest.RoomView;
import dev.chat.api.rest.SendMessageRequest;
import dev.chat.api.rest.SilenceRequest;
import dev.chat.api.rest.SilenceView;
import dev.chat.api.rest.VerifyEmailRequest;
import dev.chat.it.support.AliceAndBobInAGroup;
import dev.chat.it.support.ApiClient;
import dev.chat.it.support.ChatClient;
import dev.chat.it.support.Mailbox;
import dev.chat.it.support.TestUser;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Moderation from outside, on nodes whose rule classifier denies the word "blorptastic" and whose
 * global moderator is the account with the verified address {@code it-moderator@chat.test} (it-tests/pom.xml): a flagged message reaches the room,
 * is hidden (MESSAGE_HIDDEN, placeholders in history and on RESUME, not found by search), its reviewers
 * (the room's owner, the global moderator; not a plain member) see it with its content, and a
 * review restores it (MESSAGE_RESTORED) or deletes it (MESSAGE_DELETED). An edit is judged too.
 */
class ModerationIT extends AliceAndBobInAGroup {
    /** The stage runs beside delivery: a Kafka consumer group's poll, a transaction and the timeline's round trip. */
    private static final Duration HIDING = Duration.ofSeconds(30);
    private static final String MODERATOR_ADDRESS = "it-moderator@chat.test";

    @Test
    void aFlaggedMessageIsHiddenThenRestoredByTheRoomsOwner() {
        TestUser carol = TestUser.register(api, "carol");
        assertThat(api.post("rooms/" + room + "/members", new AddMemberRequest(carol.id(), null), alice.accessToken()).statusCode())
                .isEqualTo(200);
        String flaggedId;
        try (ChatClient aliceSession = alice.connect(base); ChatClient bobSession = bob.connect(base)) {
            bobSession.send(new SendMessage(room, "this is BLORPTASTIC stuff", "mod-1", null));
            flaggedId = bobSession.await(Ack.class, ack -> ack.clientMsgId().equals("mod-1")).messageId();
            MessageDelivered live = aliceSession.await(MessageDelivered.class, m -> m.messageId().equals(flaggedId));
            assertThat(live.content()).as("classification runs beside delivery").isEqualTo("this is BLORPTASTIC stuff");
            MessageHidden hidden = aliceSession.await(MessageHidden.class, h -> h.messageId().equals(flaggedId), HIDING);
            assertThat(hidden.seq()).isEqualTo(live.seq());
            bobSession.await(MessageHidden.class, h -> h.messageId().equals(flaggedId));
            bobSession.send(new SendMessage(room, "an innocent message", "mod-2", null));
            aliceSession.await(MessageDelivered.class, m -> m.seq() == 2);
        }

        // a placeholder everywhere, for every member, the author included
        for (TestUser member : List.of(alice, bob, carol)) {
            MessageView view = ApiClient.read(api.get("rooms/" + room + "/messages/" + flaggedId, member.accessToken()), MessageView.class);
            assertThat(view.hidden()).as(member.username()).isTrue();
            assertThat(view.moderated()).isTrue();
            assertThat(view.content()).isNull();
        }
        try (ChatClient carolSession = carol.connect(base)) {
            carolSession.send(new Resume(room, 0L));
            MessageDelivered first = carolSession.await(MessageDelivered.class, m -> m.seq() == 1);
            carolSession.await(Subscribed.class, s -> s.roomId().equals(room));
            assertThat(first.hidden()).isTrue();
            assertThat(first.moderated()).isTrue();
            assertThat(first.content()).isNull();
        }
        List<MessageView> page = ApiClient.readList(api.get("rooms/" + room + "/messages?after=0", carol.accessToken()), MessageView.class);
        assertThat(page).extracting(MessageView::moderated).containsExactly(true, null);
        assertThat(api.patch("rooms/" + room + "/messages/" + flaggedId, new EditMessageRequest("nicer now"), bob.accessToken()).statusCode())
                .as("a hidden message cannot be edited into view").isEqualTo(403);
        assertThat(ApiClient.read(api.get("search/messages?q=blorptastic", alice.accessToken()), MessageSearchPage.class).hits()).isEmpty();

        // reviewers: the owner and the global moderator, with the content; a plain member is refused
        assertThat(api.get("moderation/flags?roomId=" + room, carol.accessToken()).statusCode()).isEqualTo(403);
        List<FlagView> owners = ApiClient.readList(api.get("moderation/flags?roomId=" + room, alice.accessToken()), FlagView.class);
        assertThat(owners).singleElement().satisfies(flag -> {
            assertThat(flag.messageId()).isEqualTo(flaggedId);
            assertThat(flag.content()).isEqualTo("this is BLORPTASTIC stuff");
            assertThat(flag.reason()).isEqualTo("denied word \"blorptastic\"");
            assertThat(flag.classifier()).isEqualTo("rules");
            assertThat(flag.status()).isEqualTo("open");
            assertThat(flag.hidden()).isTrue();
            assertThat(flag.senderId()).isEqualTo(bob.id());
        });
        TestUser moderator = globalModerator();
        assertThat(ApiClient.readList(api.get("moderation/flags?roomId=" + room, moderator.accessToken()), FlagView.class))
                .extracting(FlagView::messageId).containsExactly(flaggedId);
        assertThat(ApiClient.readList(api.get("moderation/flags", alice.accessToken()), FlagView.class))
                .as("without roomId: the rooms alice reviews").extracting(FlagView::messageId).contains(flaggedId);

        // restored: the room sees it again, live and in history
        try (ChatClient carolSession = carol.connect(base)) {
            carolSession.send(new Resume(room, 2L));
            carolSession.await(Subscribed.class, s -> s.roomId().equals(room));
            var restored = api.post("moderation/flags/" + flaggedId + "/restore", null, alice.accessToken());
            assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
            assertThat(ApiClient.read(restored, FlagView.class)).satisfies(flag -> {
                assertThat(flag.status()).isEqualTo("restored");
                assertThat(flag.reviewedBy()).isEqualTo(alice.id());
                assertThat(flag.hidden()).isFalse();
            });
            MessageRestored frame = carolSession.await(MessageRestored.class, r -> r.messageId().equals(flaggedId));
            assertThat(frame.content()).isEqualTo("this is BLORPTASTIC stuff");
            assertThat(frame.restoredBy()).isEqualTo(alice.id());
        }
        MessageView shown = ApiClient.read(api.get("rooms/" + room + "/messages/" + flaggedId, carol.accessToken()), MessageView.class);
        assertThat(shown.hidden()).isNull();
        assertThat(shown.content()).isEqualTo("this is BLORPTASTIC stuff");
        assertThat(api.post("moderation/flags/" + flaggedId + "/restore", null, alice.accessToken()).statusCode())
                .as("reviewed already").isEqualTo(409);
        assertThat(ApiClient.readList(api.get("moderation/flags?roomId=" + room, alice.accessToken()), FlagView.class))
                .as("open ones only by default").isEmpty();
    }

    @Test
    void anEditIsJudgedAndTheGlobalModeratorDeletesWhatItFlags() {
        TestUser moderator = globalModerator();
        String messageId;
        try (ChatClient aliceSession = alice.connect(base); ChatClient bobSession = bob.connect(base)) {
            bobSession.send(new SendMessage(room, "harmless at first", "mod-edit", null));
            messageId = bobSession.await(Ack.class, ack -> ack.clientMsgId().equals("mod-edit")).messageId();
            aliceSession.await(MessageDelivered.class, m -> m.messageId().equals(messageId));
            bobSession.send(new EditMessage(room, messageId, "now it is blorptastic"));
            aliceSession.await(MessageHidden.class, h -> h.messageId().equals(messageId), HIDING);

            var deleted = api.post("moderation/flags/" + messageId + "/delete", null, moderator.accessToken());
            assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
            assertThat(ApiClient.read(deleted, FlagView.class).status()).isEqualTo("deleted");
            MessageDeleted gone = aliceSession.await(MessageDeleted.class, d -> d.messageId().equals(messageId));
            assertThat(gone.deletedBy()).isEqualTo(moderator.id());
        }
        MessageView tombstone = ApiClient.read(api.get("rooms/" + room + "/messages/" + messageId, alice.accessToken()), MessageView.class);
        assertThat(tombstone.deleted()).isTrue();
        assertThat(tombstone.content()).isNull();
        assertThat(ApiClient.read(api.get("rooms/" + room, alice.accessToken()), RoomView.class).lastMessage().deleted()).isTrue();
        List<FlagView> closed = ApiClient.readList(api.get("moderation/flags?status=deleted&roomId=" + room, moderator.accessToken()), FlagView.class);
        assertThat(closed).singleElement().satisfies(flag -> {
            assertThat(flag.reason()).isEqualTo("denied word \"blorptastic\"");
            assertThat(flag.reviewedBy()).isEqualTo(moderator.id());
            assertThat(flag.content()).isNull();
        });
        assertThat(api.get("moderation/flags?status=bogus", moderator.accessToken()).statusCode()).isEqualTo(400);
        assertThat(api.post("moderation/flags/" + messageId + "/restore", null, moderator.accessToken()).statusCode())
                .as("a deleted message's flag is closed").isEqualTo(409);
    }

    @Test
    void aPlainMessageIsNotFlaggedAndAnUnverifiedAddressMakesNoModerator() {
        TestUser impostor = TestUser.register(api, "impostor");
        try (ChatClient aliceSession = alice.connect(base); ChatClient bobSession = bob.connect(base)) {
            bobSession.send(new SendMessage(room, "a perfectly fine blorp", "mod-fine", null));
            String fine = bobSession.await(Ack.class, ack -> ack.clientMsgId().equals("mod-fine")).messageId();
            aliceSession.await(MessageDelivered.class, m -> m.messageId().equals(fine));
            aliceSession.assertNone(MessageHidden.class, Duration.ofSeconds(3));
            assertThat(api.post("moderation/flags/" + fine + "/restore", null, alice.accessToken()).statusCode())
                    .as("never flagged").isEqualTo(404);
        }
        assertThat(api.get("moderation/flags?roomId=" + room, impostor.accessToken()).statusCode()).isEqualTo(403);
        assertThat(ApiClient.readList(api.get("moderation/flags", impostor.accessToken()), FlagView.class))
                .as("reviews no room").isEmpty();
    }

    @Test
    void theOwnerSilencesAndBansAMemberAndAPlainMemberMayNot() {
        TestUser carol = TestUser.register(api, "carol");
        assertThat(api.post("rooms/" + room + "/members", new AddMemberRequest(carol.id(), null), alice.accessToken()).statusCode())
                .isEqualTo(200);
        assertThat(api.post("moderation/rooms/" + room + "/silences", new SilenceRequest(carol.id(), 5), bob.accessToken()).statusCode())
                .as("a plain member").isEqualTo(403);
        try (ChatClient carolSession = carol.connect(base)) {
            var silenced = api.post("moderation/rooms/" + room + "/silences", new SilenceRequest(carol.id(), 5), alice.accessToken());
            assertThat(silenced.statusCode()).as(silenced.body()).isEqualTo(200);
            SilenceView silence = ApiClient.read(silenced, SilenceView.class);
            assertThat(silence.until()).isAfter(Instant.now().plusSeconds(200));
            Membership told = carolSession.await(Membership.class, m -> m.change() == MembershipChange.SILENCED);
            assertThat(told.until()).isEqualTo(silence.until());

            carolSession.send(new SendMessage(room, "may I?", "silenced-1", null));
            ErrorFrame refused = carolSession.await(ErrorFrame.class, e -> "silenced-1".equals(e.clientMsgId()));
            assertThat(refused.code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(refused.retryAfterMs()).isPositive();
            assertThat(api.post("rooms/" + room + "/messages", new SendMessageRequest("over HTTP?", null, null), carol.accessToken())
                    .statusCode()).isEqualTo(403);
            // removed and added again, she is still silenced (a silence outlives the membership)
            assertThat(api.delete("rooms/" + room + "/members/" + carol.id(), alice.accessToken()).statusCode()).isEqualTo(204);
            assertThat(api.post("rooms/" + room + "/members", new AddMemberRequest(carol.id(), null), alice.accessToken()).statusCode())
                    .isEqualTo(200);
            assertThat(api.post("rooms/" + room + "/messages", new SendMessageRequest("and now?", null, null), carol.accessToken())
                    .statusCode()).isEqualTo(403);
            assertThat(ApiClient.readList(api.get("rooms/" + room + "/members", alice.accessToken()), MemberView.class))
                    .filteredOn(member -> member.userId().equals(carol.id())).singleElement()
                    .extracting(MemberView::silencedUntil).isEqualTo(silence.until());

            assertThat(api.delete("moderation/rooms/" + room + "/silences/" + carol.id(), alice.accessToken()).statusCode()).isEqualTo(204);
            carolSession.await(Membership.class, m -> m.change() == MembershipChange.UNSILENCED);
            carolSession.send(new SendMessage(room, "thank you", "silenced-2", null));
            assertThat(carolSession.await(Ack.class, ack -> "silenced-2".equals(ack.clientMsgId())).durable()).isTrue();
            assertThat(api.delete("moderation/rooms/" + room + "/silences/" + carol.id(), alice.accessToken()).statusCode())
                    .as("not silenced").isEqualTo(409);

            var banned = api.post("moderation/rooms/" + room + "/bans", new BanRequest(carol.id(), "spam"), alice.accessToken());
            assertThat(banned.statusCode()).as(banned.body()).isEqualTo(200);
            assertThat(ApiClient.read(banned, BanView.class).reason()).isEqualTo("spam");
            carolSession.await(Membership.class, m -> m.change() == MembershipChange.REMOVED);
        }
        assertThat(api.post("rooms/" + room + "/members", new AddMemberRequest(carol.id(), null), alice.accessToken()).statusCode())
                .as("a banned user is not added back").isEqualTo(403);
        assertThat(ApiClient.readList(api.get("moderation/rooms/" + room + "/bans", alice.accessToken()), BanView.class))
                .extracting(BanView::userId, BanView::bannedBy).containsExactly(org.assertj.core.groups.Tuple.tuple(carol.id(), alice.id()));
        assertThat(api.get("moderation/rooms/" + room + "/bans", bob.accessToken()).statusCode()).isEqualTo(403);
        assertThat(api.post("moderation/rooms/" + room + "/bans", new BanRequest(alice.id(), null), globalModerator().accessToken())
                .statusCode()).as("an owner").isEqualTo(403);

        assertThat(api.delete("moderation/rooms/" + room + "/bans/" + carol.id(), alice.accessToken()).statusCode()).isEqualTo(204);
        assertThat(api.delete("moderation/rooms/" + room + "/bans/" + carol.id(), alice.accessToken()).statusCode()).isEqualTo(404);
        assertThat(api.post("rooms/" + room + "/members", new AddMemberRequest(carol.id(), null), alice.accessToken()).statusCode())
                .isEqualTo(200);
    }

    /** The account with the address the nodes name as a global moderator, its address verified through the mailbox. */
    private TestUser globalModerator() {
        TestUser moderator = TestUser.named(api, "it-moderator", MODERATOR_ADDRESS);
        if (!ApiClient.read(api.get("users/me", moderator.accessToken()), AccountView.class).emailVerified()) {
            Mailbox.Mail mail = Mailbox.await(MODERATOR_ADDRESS, Mailbox.subject("confirm your email address"));
            var verified = api.post("users/me/email/verify", new VerifyEmailRequest(mail.code()), moderator.accessToken());
            assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        }
        return moderator;
    }
}
