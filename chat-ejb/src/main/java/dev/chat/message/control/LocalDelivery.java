package dev.chat.message.control;

import dev.chat.api.event.MessageSentV1;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Stored messages handed straight to this node's sessions: the persister that stored a batch
 * passes it here right after the commit, before it forwards the batch to
 * {@code chat.messages.stored}, so that the rooms whose partitions this node persists skip a Kafka
 * round trip (produce, then fetch) on their way to local clients. Other nodes, and this node for
 * the rooms another node persists, still receive them from the stored stream; the fan-out drops
 * what it already delivered by seq. The listener is the web edge's fan-out, registered at start
 * (chat-web depends on chat-ejb, not the other way round).
 */
@ApplicationScoped
public class LocalDelivery {
    private static final Logger LOG = Logger.getLogger(LocalDelivery.class.getName());

    private volatile Consumer<List<MessageSentV1>> listener = stored -> {
    };

    public void listen(Consumer<List<MessageSentV1>> fanout) {
        listener = fanout;
    }

    /** Messages stored with their seq, in the order of their rooms' partitions; never throws (the stored stream delivers them anyway). */
    public void stored(List<MessageSentV1> messages) {
        if (messages.isEmpty()) {
            return;
        }
        try {
            listener.accept(messages);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Local delivery of " + messages.size() + " stored messages failed; they arrive through the stored stream", e);
        }
    }
}
