package dev.chat.region.boundary;

import dev.chat.api.codec.ChatJson;
import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.event.EventEnvelope;
import dev.chat.api.event.RoomRehomedV1;
import dev.chat.message.control.MessageStore;
import dev.chat.platform.kafka.KafkaBroker;
import dev.chat.platform.kafka.OutageBuffer;
import dev.chat.room.control.RoomHomes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Failover (docs/regions.md): an operator promotes this region to home of the rooms of a region
 * that is lost. It first lets this region store everything MirrorMaker 2 copied from the lost
 * region before the loss (the recovery point: nothing mirrored is lost), then homes the rooms here
 * under their next epoch from their last seq on, writes a {@code chat.room.rehomed.v1} per room to
 * this region's {@code chat.messages} (ahead of every message sequenced here for it, so that every
 * region, the lost one once it is back, learns of it in the room's order), and sends again the
 * messages accepted here for those rooms that the lost region never sequenced (the remote sends),
 * which this region's persister now sequences. A promotion that stopped half way (Kafka did not
 * answer) is finished by the next one: the rooms stay recorded until both are done.
 */
@ApplicationScoped
public class RegionFailover {
    private static final Logger LOG = Logger.getLogger(RegionFailover.class.getName());

    /** The groups that must have stored what came from the lost region before it is taken over. */
    private static final List<String> GROUPS = List.of("chat-persister", "chat-catalogue");

    @Inject
    KafkaBroker broker;

    @Inject
    RoomHomes roomHomes;

    @Inject
    MessageStore store;

    @Inject
    OutageBuffer outbound;

    @Inject
    @ConfigProperty(name = "chat.region")
    String region;

    @Inject
    @ConfigProperty(name = "chat.region.mirrored") // default in microprofile-config.properties (read by three beans and a channel)
    boolean mirrored;

    @Inject
    @ConfigProperty(name = "chat.region.promotion-wait-ms", defaultValue = "30000")
    long catchUpWaitMs;

    @Inject
    @ConfigProperty(name = "chat.kafka.ack-timeout-ms") // default in microprofile-config.properties (read by three beans)
    long ackTimeoutMs;

    /** What a promotion did: the rooms it homed here and the messages it sent again to be sequenced here. */
    public record Promotion(String lostRegion, String region, List<String> rooms, int resent) {
    }

    /**
     * Homes in this region every room homed in {@code lost}.
     *
     * @throws ChatException {@code CONFLICT} when regions are off, {@code lost} is this region, or what was mirrored from it is not stored within the wait
     */
    public Promotion promote(String lost) throws InterruptedException, ExecutionException, TimeoutException {
        if (!mirrored) {
            throw new ChatException(ErrorCode.CONFLICT, "regions are off here (chat.region.mirrored=false): nothing to take over");
        }
        if (region.equals(lost)) {
            throw new ChatException(ErrorCode.CONFLICT, "region " + lost + " is this region: promote another region, where its users still are");
        }
        awaitMirroredStored(lost);
        List<RoomHomes.Rehoming> rehomed = roomHomes.promote(lost, region);
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (RoomHomes.Rehoming room : rehomed) {
            var event = new RoomRehomedV1(room.roomId(), room.region(), room.epoch(), room.sinceSeq(), Instant.now());
            String value = ChatJson.instance().encodeEvent(EventEnvelope.wrap(event, region, event.rehomedAt()));
            sent.add(outbound.send(room.roomId(), value, null).durable().toCompletableFuture());
        }
        awaitAll(sent); // every room's rehoming ahead of its messages sent again
        List<String> rooms = rehomed.stream().map(RoomHomes.Rehoming::roomId).toList();
        List<MessageStore.RemoteSend> pending = store.remoteSendsOf(rooms);
        sent.clear();
        for (MessageStore.RemoteSend send : pending) {
            sent.add(outbound.send(send.roomId(), send.event(), null).durable().toCompletableFuture());
        }
        awaitAll(sent);
        roomHomes.announced(rooms);
        LOG.log(Level.WARNING, "Region {0} promoted for the rooms of region {1}: {2} room(s) homed here, {3} message(s) accepted here "
                + "and never sequenced there sent again", new Object[]{region, lost, rooms.size(), pending.size()});
        return new Promotion(lost, region, rooms, pending.size());
    }

    /**
     * How many records MirrorMaker 2 copied here from {@code source} that this region's persisters
     * and catalogue have not stored yet (the readiness check reports it too).
     */
    public long unstoredFrom(String source) throws InterruptedException, ExecutionException, TimeoutException {
        String prefix = source + ".";
        long behind = 0;
        for (String group : GROUPS) {
            behind += broker.lagOf(group, topic -> topic.startsWith(prefix)).toCompletableFuture().get(ackTimeoutMs, TimeUnit.MILLISECONDS);
        }
        return behind;
    }

    /** Waits until this region's persisters and catalogue have stored every record that came from {@code lost}. */
    private void awaitMirroredStored(String lost) throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(catchUpWaitMs);
        long behind;
        do {
            behind = unstoredFrom(lost);
            if (behind == 0) {
                return;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new ChatException(ErrorCode.CONFLICT, behind + " record(s) mirrored from region " + lost + " are not stored here yet after "
                + catchUpWaitMs + " ms (chat.region.promotion-wait-ms): promote again once they are");
    }

    private void awaitAll(List<CompletableFuture<Void>> sent) throws InterruptedException, ExecutionException, TimeoutException {
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(ackTimeoutMs, TimeUnit.MILLISECONDS);
    }
}
