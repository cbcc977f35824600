package dev.chat.it;

import dev.chat.api.error.ErrorCode;
import dev.chat.api.frame.ErrorFrame;
import dev.chat.api.frame.Presence;
import dev.chat.api.frame.Typing;
import dev.chat.api.frame.TypingNotice;
import dev.chat.api.rest.PresenceBatchRequest;
import dev.chat.api.rest.PresenceView;
import dev.chat.api.rest.SetPresenceRequest;
import dev.chat.it.support.ApiClient;
import dev.chat.it.support.ChatClient;
import dev.chat.it.support.NodeMetrics;
import dev.chat.it.support.AliceAndBobInAGroup;
import dev.chat.it.support.RedisProbe;
import dev.chat.it.support.TestUser;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Presence and typing as a room member sees them, against real Redis and Kafka. The test run
 * configures short times (TTL 4 s, heartbeat 1 s, OFFLINE grace 1.5 s, typing throttle 2 s).
 */
class PresenceIT extends AliceAndBobInAGroup {
    private static final Duration BEYOND_GRACE = Duration.ofMillis(2500);

    @Test
    void memberSeesOnlineOnConnectAndOfflineAfterDisconnectAndTheKeyIsGone() {
        try (var aliceSession = alice.connect(base)) {
            try (var bobSession = bob.connect(base)) {
                Presence online = aliceSession.await(Presence.class, p -> p.userId().equals(bob.id()));
                assertThat(online.status()).isEqualTo("ONLINE");
                assertThat(RedisProbe.exists("presence:user:{" + bob.id() + "}")).isTrue();
                assertThat(presenceOf(bob, alice).status()).isEqualTo("ONLINE");
            }
            Presence offline = aliceSession.await(Presence.class, p -> p.userId().equals(bob.id()));
            assertThat(offline.status()).isEqualTo("OFFLINE");
            assertThat(offline.lastSeen()).isNotNull();
            assertThat(RedisProbe.exists("presence:user:{" + bob.id() + "}")).isFalse();
            PresenceView afterwards = presenceOf(bob, alice);
            assertThat(afterwards.status()).isEqualTo("OFFLINE");
            assertThat(afterwards.lastSeen()).isEqualTo(offline.lastSeen());
        }
    }

    @Test
    void twoDevicesAreOneOnlineUserUntilBothClose() {
        try (var aliceSession = alice.connect(base)) {
            var phone = bob.connect(base);
            var laptop = bob.connect(base);
            aliceSession.await(Presence.class, p -> p.userId().equals(bob.id()) && p.status().equals("ONLINE"));

            phone.close();
            aliceSession.assertNone(Presence.class, this::isBob, BEYOND_GRACE);
            laptop.close();

            assertThat(aliceSession.await(Presence.class, this::isBob).status()).isEqualTo("OFFLINE");
            aliceSession.assertNone(Presence.class, this::isBob, Duration.ofSeconds(1));
        }
    }

    @Test
    void aReloadWithinTheGracePeriodDoesNotFlap() {
        try (var aliceSession = alice.connect(base)) {
            bob.connect(base).close();
            aliceSession.await(Presence.class, p -> p.userId().equals(bob.id()) && p.status().equals("ONLINE"));
            try (var reloaded = bob.connect(base)) {
                aliceSession.assertNone(Presence.class, this::isBob, BEYOND_GRACE);
                assertThat(presenceOf(bob, alice).status()).isEqualTo("ONLINE");
            }
        }
    }

    @Test
    void presenceIsOnlyForUsersWhoShareARoomAndAwayIsAnnounced() {
        TestUser stranger = TestUser.register(api, "stranger");
        try (var aliceSession = alice.connect(base); var bobSession = bob.connect(base)) {
            aliceSession.await(Presence.class, p -> p.userId().equals(bob.id()));

            assertThat(api.get("presence/" + bob.id(), stranger.accessToken()).statusCode()).isEqualTo(404);
            List<PresenceView> batch = ApiClient.readList(api.post("presence/batch",
                    new PresenceBatchRequest(List.of(bob.id(), stranger.id(), "no-such-user", alice.id())), alice.accessToken()), PresenceView.class);
            assertThat(batch).extracting(PresenceView::userId).containsExactly(bob.id(), alice.id());
            assertThat(batch).extracting(PresenceView::status).containsOnly("ONLINE");

            assertThat(api.put("presence/me", new SetPresenceRequest("AWAY"), bob.accessToken()).statusCode()).isEqualTo(204);
            assertThat(aliceSession.await(Presence.class, p -> p.userId().equals(bob.id())).status()).isEqualTo("AWAY");
            assertThat(presenceOf(bob, alice).status()).isEqualTo("AWAY");
            assertThat(api.put("presence/me", new SetPresenceRequest("BUSY"), bob.accessToken()).statusCode()).isEqualTo(400);
            assertThat(api.put("presence/me", new SetPresenceRequest("AWAY"), stranger.accessToken()).statusCode())
                    .as("not connected").isEqualTo(409);
            assertThat(onlineUsersMetric()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void typingReachesTheOtherMembersOnlyAndIsThrottled() {
        TestUser carol = TestUser.register(api, "carol");
        TestUser outsider = TestUser.register(api, "outsider");
        api.post("rooms/" + room + "/members", new dev.chat.api.rest.AddMemberRequest(carol.id(), null), alice.accessToken());
        try (var aliceSession = alice.connect(base); var bobSession = bob.connect(base);
             var carolSession = carol.connect(base); var outsiderSession = outsider.connect(base)) {
            bobSession.send(new Typing(room)).send(new Typing(room)).send(new Typing(room));

            TypingNotice seen = aliceSession.await(TypingNotice.class);
            assertThat(seen.roomId()).isEqualTo(room);
            assertThat(seen.userId()).isEqualTo(bob.id());
            assertThat(seen.expiresInMs()).isPositive();
            assertThat(carolSession.await(TypingNotice.class).userId()).isEqualTo(bob.id());
            aliceSession.assertNone(TypingNotice.class, Duration.ofMillis(800));
            bobSession.assertNone(TypingNotice.class, Duration.ZERO);
            outsiderSession.assertNone(TypingNotice.class, Duration.ZERO);

            outsiderSession.send(new Typing(room));
            assertThat(outsiderSession.await(ErrorFrame.class).code()).isEqualTo(ErrorCode.NOT_A_MEMBER);
            aliceSession.assertNone(TypingNotice.class, Duration.ofMillis(500));
        }
    }

    private boolean isBob(Presence presence) {
        return presence.userId().equals(bob.id());
    }

    private PresenceView presenceOf(TestUser user, TestUser asker) {
        var response = api.get("presence/" + user.id(), asker.accessToken());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ApiClient.read(response, PresenceView.class);
    }

    private long onlineUsersMetric() {
        return (long) NodeMetrics.value(base, "presence_online_users");
    }
}
