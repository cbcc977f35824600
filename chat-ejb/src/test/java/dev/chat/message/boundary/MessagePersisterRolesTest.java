package dev.chat.message.boundary;

import dev.chat.api.event.MessageSentV1;
import dev.chat.api.event.ReceiptV1;
import dev.chat.api.event.RoomRehomedV1;
import dev.chat.platform.kafka.RegionTopics.Origin;
import dev.chat.room.control.RoomHomes.Home;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static dev.chat.message.boundary.MessagePersister.Role.REHOME;
import static dev.chat.message.boundary.MessagePersister.Role.REMOTE_SEND;
import static dev.chat.message.boundary.MessagePersister.Role.REPLICA;
import static dev.chat.message.boundary.MessagePersister.Role.SEQUENCE;
import static dev.chat.message.boundary.MessagePersister.roleOf;
import static org.assertj.core.api.Assertions.assertThat;

/** What region "b" does with each record (docs/regions.md): the persister's rules across regions. */
class MessagePersisterRolesTest {
    private static final MessageSentV1 MESSAGE = new MessageSentV1("m-1", "room", "bob", "c-1", "hi", null, Instant.now(), null);
    private static final ReceiptV1 RECEIPT = new ReceiptV1("room", "bob", 3, Instant.now());
    private static final RoomRehomedV1 REHOMED = new RoomRehomedV1("room", "c", 2, 40, Instant.now());
    private static final Home HERE = new Home("b", 0);
    private static final Home ELSEWHERE = new Home("a", 0);

    @Test
    void whatThisRegionAcceptedIsSequencedHereWhenItsRoomIsHomedHereAndKeptForAPromotionOtherwise() {
        assertThat(roleOf(Origin.LOCAL, MESSAGE, HERE, "b")).isEqualTo(SEQUENCE);
        assertThat(roleOf(Origin.LOCAL, MESSAGE, null, "b")).as("a room it does not know: stored as ever").isEqualTo(SEQUENCE);
        assertThat(roleOf(Origin.LOCAL, MESSAGE, ELSEWHERE, "b")).isEqualTo(REMOTE_SEND);
        assertThat(roleOf(Origin.LOCAL, RECEIPT, ELSEWHERE, "b")).as("the home stores its own").isNull();
    }

    @Test
    void whatAnotherRegionAcceptedIsSequencedHereOnlyForARoomHomedHere() {
        assertThat(roleOf(Origin.SENT_ELSEWHERE, MESSAGE, HERE, "b")).isEqualTo(SEQUENCE);
        assertThat(roleOf(Origin.SENT_ELSEWHERE, MESSAGE, ELSEWHERE, "b")).isNull();
        assertThat(roleOf(Origin.SENT_ELSEWHERE, MESSAGE, null, "b")).as("not known here yet: not this region's").isNull();
    }

    @Test
    void anotherRegionsStoredEventIsAReplicaUnlessItsRoomIsHomedHereThenAFormerHomesMessageIsSequencedAgain() {
        assertThat(roleOf(Origin.STORED_ELSEWHERE, MESSAGE, ELSEWHERE, "b")).isEqualTo(REPLICA);
        assertThat(roleOf(Origin.STORED_ELSEWHERE, RECEIPT, ELSEWHERE, "b")).isEqualTo(REPLICA);
        assertThat(roleOf(Origin.STORED_ELSEWHERE, MESSAGE, null, "b")).as("its rows need no room").isEqualTo(REPLICA);
        assertThat(roleOf(Origin.STORED_ELSEWHERE, MESSAGE, HERE, "b")).as("never mirrored before a promotion").isEqualTo(SEQUENCE);
        assertThat(roleOf(Origin.STORED_ELSEWHERE, RECEIPT, HERE, "b")).as("a former home's change of a message: lost with it").isNull();
    }

    @Test
    void aRehomingIsForwardedByItsOwnRegionAndAppliedByTheOthers() {
        assertThat(roleOf(Origin.LOCAL, REHOMED, ELSEWHERE, "b")).isEqualTo(SEQUENCE);
        assertThat(roleOf(Origin.SENT_ELSEWHERE, REHOMED, HERE, "b")).isEqualTo(REHOME);
        assertThat(roleOf(Origin.STORED_ELSEWHERE, REHOMED, HERE, "b")).isEqualTo(REHOME);
        assertThat(roleOf(Origin.OTHER, REHOMED, HERE, "b")).isNull();
        assertThat(roleOf(Origin.OTHER, MESSAGE, HERE, "b")).isNull();
    }
}
