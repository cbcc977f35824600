package dev.chat.connection.control;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

class RoomSubscriptionsTest {
    private static final SessionOutbox.Limits LIMITS = new SessionOutbox.Limits(100, 100_000, 1, 100_000, 10_000);
    private static final Executor INLINE = Runnable::run;

    private final RoomSubscriptions subscriptions = new RoomSubscriptions();

    private static SessionOutbox outbox(FakeSession client, String userId) {
        return new SessionOutbox(client.session, userId, LIMITS, INLINE, false, (outbox, roomId, now) -> { }, () -> { }, null);
    }

    @Test
    void aMessageGoesToTheRoomsSessionsWhoseUserMayReceiveIt() {
        FakeSession alice = new FakeSession("a");
        FakeSession bob = new FakeSession("b");
        FakeSession elsewhere = new FakeSession("c");
        subscriptions.subscribe("r", outbox(alice, "alice"));
        subscriptions.subscribe("r", outbox(bob, "bob"));
        subscriptions.subscribe("other", outbox(elsewhere, "carol"));

        int queued = subscriptions.deliver("r", 1, "m1", user -> !user.equals("bob"));

        assertThat(queued).isEqualTo(1);
        assertThat(alice.sent).containsExactly("m1");
        assertThat(bob.sent).isEmpty();
        assertThat(elsewhere.sent).isEmpty();
    }

    @Test
    void eachUserGetsTheFrameChosenForThemAndNobodyElsesFrame() {
        FakeSession alice = new FakeSession("a");
        FakeSession blocker = new FakeSession("b");
        FakeSession removed = new FakeSession("c");
        subscriptions.subscribe("r", outbox(alice, "alice"));
        subscriptions.subscribe("r", outbox(blocker, "bob"));
        subscriptions.subscribe("r", outbox(removed, "carol"));

        int queued = subscriptions.deliver("r", 1, user -> switch (user) {
            case "alice" -> "whole";
            case "bob" -> "placeholder";
            default -> null;
        });

        assertThat(queued).isEqualTo(2);
        assertThat(alice.sent).containsExactly("whole");
        assertThat(blocker.sent).containsExactly("placeholder");
        assertThat(removed.sent).isEmpty();
    }

    @Test
    void aSeqIsHandedOverOnceAndOnlyForARoomSomeoneHereReads() {
        assertThat(subscriptions.firstDelivery("r", 1)).as("nobody reads r here").isFalse();
        SessionOutbox alice = outbox(new FakeSession("a"), "alice");
        subscriptions.subscribe("r", alice);

        assertThat(subscriptions.firstDelivery("r", 2)).isTrue();
        assertThat(subscriptions.firstDelivery("r", 2)).as("the same seq from a channel").isFalse();
        assertThat(subscriptions.firstDelivery("r", 3)).isTrue();
        assertThat(subscriptions.firstDelivery("r", 1)).as("an older seq that came late: each session puts it in its place").isTrue();
        assertThat(subscriptions.firstDelivery("r", 1)).isFalse();

        subscriptions.unsubscribe("r", alice);
        subscriptions.subscribe("r", alice);
        assertThat(subscriptions.firstDelivery("r", 2)).as("the room's marks went with its last session").isTrue();
    }

    @Test
    void aSessionClosedUnderTheFanOutLeavesEveryRoom() {
        FakeSession client = new FakeSession("a");
        SessionOutbox alice = outbox(client, "alice");
        subscriptions.subscribe("r", alice);
        subscriptions.subscribe("s", alice);
        alice.markClosed();

        assertThat(subscriptions.deliver("r", 1, "m1", user -> true)).isZero();

        assertThat(alice.rooms()).isEmpty();
        assertThat(subscriptions.deliver("s", 1, "m1", user -> true)).isZero();
        assertThat(client.sent).isEmpty();
    }

    @Test
    void presenceGoesOnceToASessionThatSharesSeveralRoomsWithTheUser() {
        FakeSession client = new FakeSession("a");
        SessionOutbox alice = outbox(client, "alice");
        subscriptions.subscribe("r", alice);
        subscriptions.subscribe("s", alice);

        subscriptions.subscribe("t", outbox(new FakeSession("b"), "bob"));

        assertThat(subscriptions.deliverToRoomsWhere(List.of("r", "s", "unknown")::contains, "presence", user -> true)).isEqualTo(1);
        assertThat(client.sent).containsExactly("presence");
    }
}
