package dev.chat.message.control;

import dev.chat.api.event.RoomEvent;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Stored room events handed straight to this node's sessions: the persister that stored a batch
 * passes its timeline here right after the commit (messages with their seq; edits, deletes,
 * reactions and receipts in their place), so the rooms of the partitions this node persists need
 * no channel at all on their way to local clients. Other nodes receive them from
 * {@link StoredEventChannels}. The listener is the web edge's fan-out, registered at start
 * (chat-web depends on chat-ejb, not the other way round).
 */
@ApplicationScoped
public class LocalDelivery {
    private static final Logger LOG = Logger.getLogger(LocalDelivery.class.getName());

    /** A stored event, and the span of its storing when its trace is sampled (null: not traced). */
    public record Stored(RoomEvent event, String traceparent) {
    }

    private volatile Consumer<List<Stored>> listener = stored -> {
    };

    public void listen(Consumer<List<Stored>> fanout) {
        listener = fanout;
    }

    /**
     * A stored batch's timeline, in the order of its rooms' partitions; never throws (a session
     * that misses a message here reads it from the database when the room's next one arrives).
     */
    public void stored(List<Stored> timeline) {
        if (timeline.isEmpty()) {
            return;
        }
        try {
            listener.accept(timeline);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Local delivery of " + timeline.size() + " stored events failed", e);
        }
    }
}
