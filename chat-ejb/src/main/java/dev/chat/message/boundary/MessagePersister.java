package dev.chat.message.boundary;

import dev.chat.api.codec.ChatJson;
import dev.chat.api.event.EventEnvelope;
import dev.chat.api.event.MessageDeletedV1;
import dev.chat.api.event.MessageEditedV1;
import dev.chat.api.event.MessageFlaggedV1;
import dev.chat.api.event.MessageRestoredV1;
import dev.chat.api.event.MessageReactedV1;
import dev.chat.api.event.MessageSentV1;
import dev.chat.api.event.ReceiptV1;
import dev.chat.api.event.RoomEvent;
import dev.chat.api.event.RoomRehomedV1;
import dev.chat.crypto.boundary.Contents;
import dev.chat.message.control.ContentPolicy;
import dev.chat.message.control.LocalDelivery;
import dev.chat.message.control.MessageStore;
import dev.chat.message.control.SendAdmission;
import dev.chat.message.entity.ChatMessage;
import dev.chat.api.ChatLimits;
import dev.chat.platform.kafka.Channels;
import dev.chat.platform.kafka.DeadLetters;
import dev.chat.platform.kafka.KeyedRecords;
import dev.chat.platform.kafka.MergedPolls;
import dev.chat.platform.kafka.RegionTopics;
import dev.chat.room.control.RoomHomes;
import dev.chat.platform.concurrent.ApplicationThreads;
import dev.chat.platform.persistence.DatabaseRefusal;
import dev.chat.platform.startup.StartsWithApplication;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import dev.chat.platform.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Consumer group {@code chat-persister}: stores every message event in PostgreSQL, then hands it
 * with its room sequence number to this node's sessions, publishes it to the nodes that host its
 * room ({@link StoredEventChannels}) and forwards it to {@code chat.messages.stored} (key = roomId,
 * the durable stream of stored events); the room's other timeline events follow in the same order.
 *
 * <p>It takes everything polled since its last batch, up to {@code max.poll.records}, as one batch
 * ({@code batch=true} on the channel, the polls merged on a thread of its own while it works:
 * {@link MergedPolls}): one
 * transaction stores all of its messages, then every record is forwarded, and the batch's offsets
 * are committed only once Kafka acknowledged all forwarded records (waited for while the next batch is
 * stored, so that the broker's round trip is not on the persister's path). One commit per batch instead of
 * one per message is what lets it keep up under load, and at idle a batch is one message, so
 * nothing waits for a batch to fill. A crash means redelivery, which the store absorbs (same row,
 * same seq) and the sessions de-duplicate (by seq). While the database or Kafka is unavailable it
 * retries the same batch with growing backoff instead of skipping it: nothing is lost and every
 * room's order holds.
 *
 * <p>Regions (docs/regions.md): it also reads what MirrorMaker 2 copies here from other regions
 * ({@link RegionTopics}). It sequences only the rooms homed in its region, whichever region
 * accepted their events; another region's stored events of the rooms homed there (a replica) are
 * stored under the seq they came with and handed to this region's sessions, but not forwarded.
 */
@ApplicationScoped
public class MessagePersister implements StartsWithApplication {
    private static final Logger LOG = Logger.getLogger(MessagePersister.class.getName());

    @Inject
    MessageStore store;

    @Inject
    LocalDelivery localDelivery;

    @Inject
    Tracing tracing;

    @Inject
    SendAdmission admission;

    @Inject
    MessageMetrics metrics;

    @Inject
    DeadLetters deadLetters;

    @Inject
    StoredEventChannels channels;

    @Inject
    Contents contents;

    /** How long a batch waits for its publication to Redis before the next batch goes on. */
    static final long PUBLICATION_WAIT_MS = 1_000;

    /** Batches whose publication failed, for the log's pace (one persister thread). */
    private long publishFailures;

    /** Room for the largest batch (max.poll.records of the incoming channel) while Kafka takes it. */
    @Inject
    @Channel(Channels.MESSAGES_STORED)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2048)
    Emitter<String> storedTimeline;

    @Inject
    @ConfigProperty(name = "chat.persister.max-backoff-ms") // default in microprofile-config.properties (read by two beans)
    long maxBackoffMs;

    @Inject
    @ConfigProperty(name = "chat.kafka.ack-timeout-ms") // default in microprofile-config.properties (read by three beans)
    long ackTimeoutMs;

    @Inject
    ApplicationThreads threads;

    @Inject
    @ConfigProperty(name = "mp.messaging.incoming.messages-persist.max.poll.records")
    int maxPollRecords;

    @Inject
    @ConfigProperty(name = "chat.node.persister")
    boolean persisting;

    /** The polls of {@code messages-persist}, merged into one batch while the persister is busy: see {@link MergedPolls}. */
    private MergedPolls<String, String> polls;

    @Inject
    RoomHomes roomHomes;

    @Inject
    @ConfigProperty(name = "chat.region")
    String region;

    /** Whether other regions exchange rooms with this one: then each batch asks which of its rooms are homed here. */
    @Inject
    @ConfigProperty(name = "chat.region.mirrored") // default in microprofile-config.properties (read by three beans and a channel)
    boolean mirrored;

    @Inject
    @ConfigProperty(name = "mp.messaging.outgoing.messages-out.topic")
    String messagesTopic;

    @Inject
    @ConfigProperty(name = "mp.messaging.outgoing.messages-stored.topic")
    String storedTopic;

    private RegionTopics topics;

    /** Created with the application: its thread is made on a deployment thread, where the application's context is. */
    @PostConstruct
    void createIntake() {
        topics = new RegionTopics(messagesTopic, storedTopic);
        if (persisting) {
            polls = new MergedPolls<>(Channels.MESSAGES_PERSIST, threads.lane("persister", 1), maxPollRecords, 2 * maxPollRecords,
                    this::persist);
        }
    }

    /** What the persister does with a record (docs/regions.md): a region alone sequences all. */
    enum Role {
        /** stored and sequenced here (its room is homed here), handed to the sessions and forwarded */
        SEQUENCE,
        /** sequenced by its room's home elsewhere: stored under its seq, handed to this region's sessions, never forwarded */
        REPLICA,
        /** a message accepted here for a room homed elsewhere: kept until its stored event comes back (for a promotion) */
        REMOTE_SEND,
        /** another region's promotion: the room is homed there from now on */
        REHOME
    }

    private record TimelineRecord(ConsumerRecord<String, String> source, EventEnvelope envelope, RoomEvent event, String value,
                                  RegionTopics.Origin origin, Role role) {
        boolean replica() {
            return role == Role.REPLICA;
        }

        TimelineRecord as(Role newRole, RoomEvent newEvent) {
            return new TimelineRecord(source, envelope, newEvent, value, origin, newRole);
        }
    }

    /**
     * Stores a poll's messages in one transaction, hands them to this node's sessions and forwards
     * them with their seq. A record that can never be stored (not a chat event, not a timeline
     * event, or one that breaks the schema) goes to the dead letters first; everything else is
     * retried until it is stored: a database or Kafka outage holds the partition, it never drops
     * a durable message.
     */
    @Incoming(Channels.MESSAGES_PERSIST)
    public CompletionStage<Void> take(Message<ConsumerRecords<String, String>> poll) {
        return polls.offer(poll);
    }

    /**
     * Stores a batch, hands it to this node's sessions and forwards it; the stage completes once
     * Kafka acknowledged the forwarded records (then the batch's offsets may be committed). The
     * forward is waited for when the next batch is stored, not before: storing the next batch
     * overlaps the broker's round trip ({@link #settle}).
     */
    CompletionStage<Void> persist(List<ConsumerRecord<String, String>> batch) throws InterruptedException {
        Instant taken = Instant.now();
        List<TimelineRecord> records = new ArrayList<>(batch.size());
        Map<ConsumerRecord<String, String>, String> poison = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : batch) {
            EventEnvelope envelope;
            try {
                envelope = ChatJson.instance().decodeEvent(record.value());
            } catch (RuntimeException notAnEvent) {
                poison.put(record, "not a chat event: " + notAnEvent.getMessage());
                continue;
            }
            String violation = envelope.payload() instanceof RoomEvent event ? violationOf(event)
                    : "not a timeline event: " + envelope.eventType();
            if (violation != null) {
                poison.put(record, violation);
            } else {
                records.add(new TimelineRecord(record, envelope, (RoomEvent) envelope.payload(), record.value(), topics.originOf(record.topic()),
                        Role.SEQUENCE));
            }
        }
        boolean acrossRegions = keepWhatThisRegionStores(records);
        List<TimelineRecord> remoteSends = records.stream().filter(record -> record.role() == Role.REMOTE_SEND).toList();
        List<TimelineRecord> rehomings = records.stream().filter(record -> record.role() == Role.REHOME).toList();
        records.removeIf(record -> record.role() == Role.REMOTE_SEND || record.role() == Role.REHOME); // nothing of theirs goes on
        if (records.isEmpty() && poison.isEmpty() && remoteSends.isEmpty() && rehomings.isEmpty()) {
            return afterInFlight();
        }
        List<MessageSentV1> messages = new ArrayList<>(messagesOf(records, Role.SEQUENCE)); // as received: sealed if sealed
        List<MessageSentV1> replicas = messagesOf(records, Role.REPLICA);
        List<String> changedMessages = changedMessagesOf(records);
        List<RoomEvent> changedElsewhere = changedElsewhereOf(records);
        long backoffMs = 100;
        for (int attempt = 1; ; attempt++) {
            try {
                if (!poison.isEmpty()) {
                    awaitDeadLetters(poison);
                    poison.clear();
                }
                rehome(rehomings);
                keepRemoteSends(remoteSends);
                if (records.isEmpty()) {
                    return afterInFlight();
                }
                // opened here, where a database that does not answer is retried like the store
                List<MessageSentV1> opened = messages.stream().map(this::opened).toList();
                Instant storing = Instant.now();
                Map<String, MessageStore.StoredMessage> stored = store.storeAll(opened, acrossRegions);
                store.storeReplicas(replicas);
                store.applyElsewhere(changedElsewhere);
                store.awaitChangesCommitted(changedMessages);
                BatchTimes times = new BatchTimes(taken, storing, Instant.now());
                Map<String, MessageSentV1> withSeq = new HashMap<>(); // by the messageId each record came with
                opened.forEach(sent -> {
                    MessageStore.StoredMessage row = stored.get(sent.messageId());
                    MessageSentV1 storedEvent = sent.storedAs(row.row().messageId(), row.seq(), row.mentions());
                    withSeq.put(sent.messageId(), storedEvent);
                    metrics.stored(storedEvent.sentAt(), times.stored());
                });
                replicas.forEach(replica -> withSeq.put(replica.messageId(), replica));
                if (acrossRegions) {
                    store.forgetRemoteSends(List.copyOf(withSeq.keySet()));
                }
                records.stream().filter(record -> record.replica() && record.event() instanceof MessageSentV1)
                        .forEach(record -> metrics.replicated(RegionTopics.sourceRegionOf(record.source().topic()), record.source().timestamp()));
                withSeq.values().stream().map(MessageSentV1::sentAt).min(Comparator.naturalOrder())
                        .ifPresent(oldest -> admission.storeLag(Duration.between(oldest, Instant.now()).toMillis()));
                return forward(records, withSeq, times);
            } catch (RuntimeException | ExecutionException | TimeoutException e) {
                if (DatabaseRefusal.sqlStateOf(e).filter(DatabaseRefusal::isPermanent).isPresent() && isolateRefused(records, messages, poison)) {
                    attempt = 0; // the rest of the batch goes again at once, without the record the database refuses
                    continue;
                }
                // loud at first and then now and again, so that a stuck persister is never silent
                LOG.log(attempt == 1 || attempt % 20 == 0 ? Level.WARNING : Level.FINE, "Could not store and forward a batch of " + records.size()
                        + " timeline events (attempt " + attempt + "), retrying in " + backoffMs + " ms", e);
                Thread.sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, maxBackoffMs);
            }
        }
    }

    /**
     * The database refused the batch for its data (SQLState class 22 or 23: no retry can help):
     * stores its messages one at a time, in order, until the one refused, which moves to the dead
     * letters. The ones stored alone are found stored when the batch goes again.
     *
     * @return whether a refused message was found (false: a failure of the moment after all; the caller retries)
     */
    private boolean isolateRefused(List<TimelineRecord> records, List<MessageSentV1> messages,
                                   Map<ConsumerRecord<String, String>, String> poison) {
        for (MessageSentV1 message : messages) {
            try {
                store.storeAll(List.of(opened(message)), mirrored);
            } catch (RuntimeException e) {
                var refusal = DatabaseRefusal.sqlStateOf(e).filter(DatabaseRefusal::isPermanent);
                if (refusal.isEmpty()) {
                    return false;
                }
                if (store.find(message.messageId()) != null) {
                    continue; // a duplicate key because another persister stored it meanwhile (a rebalance): stored, not refused
                }
                TimelineRecord refused = records.stream().filter(record -> record.event() == message).findFirst().orElseThrow();
                LOG.log(Level.WARNING, "The database refuses message {0} of room {1} (SQLState {2}): to the dead letters",
                        new Object[]{message.messageId(), message.roomId(), refusal.get()});
                poison.put(refused.source(), "refused by the database (SQLState " + refusal.get() + "): " + DatabaseRefusal.messageOf(e));
                records.remove(refused);
                messages.remove(message);
                return true;
            }
        }
        return false;
    }

    private void awaitDeadLetters(Map<ConsumerRecord<String, String>, String> poison)
            throws ExecutionException, TimeoutException, InterruptedException {
        List<CompletableFuture<Void>> sent = new ArrayList<>(poison.size());
        poison.forEach((record, reason) -> sent.add(deadLetters.send(record, reason).toCompletableFuture()));
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(ackTimeoutMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Why an event can never be stored (null: it can): what the database requires of its columns.
     * Such a record would otherwise fail its whole batch forever.
     */
    static String violationOf(RoomEvent event) {
        if (isMissingOrLonger(event.roomId(), ChatLimits.MAX_ID_LENGTH)) {
            return "roomId missing or longer than " + ChatLimits.MAX_ID_LENGTH;
        }
        if (event instanceof MessageSentV1 sent) {
            if (isMissingOrLonger(sent.messageId(), MESSAGE_ID_LENGTH)) {
                return "messageId missing or longer than " + MESSAGE_ID_LENGTH;
            }
            if (isMissingOrLonger(sent.senderId(), ChatLimits.MAX_ID_LENGTH)) {
                return "senderId missing or longer than " + ChatLimits.MAX_ID_LENGTH;
            }
            if (sent.content() == null && sent.sealedContent() == null || sent.sentAt() == null) {
                return "content or sentAt missing";
            }
            if (sent.content() != null && ContentPolicy.hasNul(sent.content())) {
                return "content holds a NUL character, which PostgreSQL cannot store";
            }
            if (sent.clientMsgId() != null && sent.clientMsgId().length() > ChatLimits.MAX_ID_LENGTH
                    || sent.replyTo() != null && sent.replyTo().length() > MESSAGE_ID_LENGTH) {
                return "clientMsgId or replyTo too long";
            }
        }
        return null;
    }

    /**
     * A message with its sealed content opened, for its mentions and this node's own sessions
     * (what is stored and forwarded stays sealed). A shredded author's content opens to nothing,
     * and so does a value that is not sealed content (logged): it is stored as it came, unreadable.
     */
    private <E extends RoomEvent> E opened(E event) {
        try {
            return contents.opened(event);
        } catch (IllegalArgumentException notSealed) {
            LOG.log(Level.WARNING, "An event of room {0}: sealed content does not open ({1}); passed on unreadable",
                    new Object[]{event.roomId(), notSealed.getMessage()});
            return event;
        }
    }

    /** chat_messages.message_id and reply_to: VARCHAR(36), a UUID. */
    private static final int MESSAGE_ID_LENGTH = 36;

    private static boolean isMissingOrLonger(String value, int length) {
        return value == null || value.isBlank() || value.length() > length;
    }

    /** The messages that edits, deletes, reactions and moderation of the batch refer to. */
    private static List<String> changedMessagesOf(List<TimelineRecord> records) {
        return records.stream().map(TimelineRecord::event).map(event -> {
            if (event instanceof MessageEditedV1 edited) {
                return edited.messageId();
            }
            if (event instanceof MessageDeletedV1 deleted) {
                return deleted.messageId();
            }
            if (event instanceof MessageFlaggedV1 flagged) {
                return flagged.messageId();
            }
            if (event instanceof MessageRestoredV1 restored) {
                return restored.messageId();
            }
            return event instanceof MessageReactedV1 reacted ? reacted.messageId() : null;
        }).filter(java.util.Objects::nonNull).distinct().toList();
    }

    /**
     * The batch's edits, deletes, reactions and receipts that another region accepted (the
     * envelope's region): that region changed its database, this one applies them to its own.
     */
    private List<RoomEvent> changedElsewhereOf(List<TimelineRecord> records) {
        return records.stream().filter(record -> record.origin() != RegionTopics.Origin.LOCAL && !region.equals(record.envelope().region()))
                .map(TimelineRecord::event)
                .filter(event -> event instanceof MessageEditedV1 || event instanceof MessageDeletedV1 || event instanceof MessageReactedV1
                        || event instanceof ReceiptV1)
                .toList();
    }

    /** The batch's messages of one role: new ones to sequence here, or the replicas of those sequenced in their home region. */
    private static List<MessageSentV1> messagesOf(List<TimelineRecord> records, Role role) {
        return records.stream().filter(record -> record.role() == role).map(TimelineRecord::event)
                .filter(MessageSentV1.class::isInstance).map(MessageSentV1.class::cast).toList();
    }

    /**
     * Gives each record its role and leaves out what another region stores (docs/regions.md): an
     * event of a room homed elsewhere accepted here (its home reads it through MirrorMaker 2 and
     * sends the stored event back; a message is kept as a remote send until then), and one accepted
     * elsewhere for a room not homed here. A stored event of a room homed here comes from a former
     * home (never mirrored before a promotion): its message is sequenced here again, unless stored
     * already. A {@code chat.room.rehomed.v1} from another region moves the room's home for the
     * whole batch: a record of the batch ahead of it, on another topic, has no order with it, and
     * the new home sequences what it accepted and what reaches it from here itself. Asks the
     * database only when regions are on ({@code chat.region.mirrored}) or the batch holds a
     * mirrored record.
     *
     * @return whether the batch involves other regions (then resends are looked for by clientMsgId)
     */
    private boolean keepWhatThisRegionStores(List<TimelineRecord> records) {
        if (!mirrored && records.stream().allMatch(record -> record.origin() == RegionTopics.Origin.LOCAL)) {
            return false;
        }
        Map<String, RoomHomes.Home> homes = new HashMap<>(
                roomHomes.homesOf(records.stream().map(record -> record.event().roomId()).distinct().toList(), region));
        records.stream().filter(record -> record.event() instanceof RoomRehomedV1 && record.origin() != RegionTopics.Origin.LOCAL)
                .map(record -> (RoomRehomedV1) record.event()).forEach(rehomed -> {
                    RoomHomes.Home known = homes.get(rehomed.roomId());
                    if (known == null || rehomed.epoch() > known.epoch()) {
                        homes.put(rehomed.roomId(), new RoomHomes.Home(rehomed.homeRegion(), rehomed.epoch()));
                    }
                });
        for (var each = records.listIterator(); each.hasNext(); ) {
            TimelineRecord record = each.next();
            TimelineRecord kept = roleOf(record, homes);
            if (kept == null) {
                LOG.log(Level.FINER, "Event of room {0} from {1} (home {2}): stored by its home region, not here",
                        new Object[]{record.event().roomId(), record.source().topic(), homes.get(record.event().roomId())});
                each.remove();
            } else {
                each.set(kept);
            }
        }
        return true;
    }

    /** The record with its role, or null when another region stores it; {@code homes} after the batch's rehomings. */
    private TimelineRecord roleOf(TimelineRecord record, Map<String, RoomHomes.Home> homes) {
        Role role = roleOf(record.origin(), record.event(), homes.get(record.event().roomId()), region);
        if (role == null) {
            return null;
        }
        // a former home's stored message, sequenced here again (unless stored already)
        boolean formerHomes = role == Role.SEQUENCE && record.origin() == RegionTopics.Origin.STORED_ELSEWHERE;
        return record.as(role, formerHomes ? ((MessageSentV1) record.event()).asAccepted() : record.event());
    }

    /**
     * What region {@code region} does with an event from a topic of {@code origin} whose room is
     * homed at {@code home} (null: a room it does not know): the rules of docs/regions.md; null: the
     * event is another region's to store.
     */
    static Role roleOf(RegionTopics.Origin origin, RoomEvent event, RoomHomes.Home home, String region) {
        boolean homedHere = home == null || region.equals(home.region()); // unknown: a room deleted meanwhile, stored as ever
        if (event instanceof RoomRehomedV1) {
            return switch (origin) {
                case LOCAL -> Role.SEQUENCE; // this region's promotion: forwarded ahead of the room's first message under its epoch
                case SENT_ELSEWHERE, STORED_ELSEWHERE -> Role.REHOME;
                case OTHER -> null;
            };
        }
        return switch (origin) {
            case LOCAL -> homedHere ? Role.SEQUENCE : event instanceof MessageSentV1 ? Role.REMOTE_SEND : null;
            case SENT_ELSEWHERE -> home != null && homedHere ? Role.SEQUENCE : null;
            case STORED_ELSEWHERE -> home == null || !homedHere ? Role.REPLICA // unknown here yet: kept, its rows need no room
                    : event instanceof MessageSentV1 ? Role.SEQUENCE : null; // a former home's: sequenced here again
            case OTHER -> null;
        };
    }

    /**
     * Applies other regions' promotions (docs/regions.md): the room is homed there from now on; one
     * that came on a stored stream (ahead of the new home's first message) also gives up the messages
     * this region holds above the promotion's seq, which the new home sequences again.
     */
    private void rehome(List<TimelineRecord> rehomings) {
        for (TimelineRecord record : rehomings) {
            RoomRehomedV1 rehomed = (RoomRehomedV1) record.event();
            boolean reconcile = record.origin() == RegionTopics.Origin.STORED_ELSEWHERE;
            int given = store.rehome(new RoomHomes.Rehoming(rehomed.roomId(), rehomed.homeRegion(), rehomed.epoch(), rehomed.sinceSeq()), reconcile);
            LOG.log(Level.INFO, "Room {0} is homed in region {1} from seq {2} on (epoch {3}){4}", new Object[]{rehomed.roomId(),
                    rehomed.homeRegion(), rehomed.sinceSeq() + 1, rehomed.epoch(), given > 0 ? ": " + given
                    + " message(s) stored here above it given up, the new home sequences them again" : ""});
        }
    }

    /** Keeps the messages accepted here for rooms homed elsewhere until their stored events come back. */
    private void keepRemoteSends(List<TimelineRecord> remoteSends) {
        store.keepRemoteSends(remoteSends.stream().map(record -> (MessageSentV1) record.event()).toList(),
                remoteSends.stream().map(TimelineRecord::value).toList());
    }

    /**
     * Hands the stored timeline to this node's sessions, publishes it to the nodes that host its
     * rooms (Redis, a channel per room) and forwards it to {@code chat.messages.stored}, every record in
     * the batch's order (so per room, as Kafka keys by room). Edits, deletes, reactions and receipts
     * were stored by the node that accepted them; they pass through here only to keep their place
     * in the room's order behind the message they refer to. The previous batch's publication and
     * forward are settled first, so that neither is overtaken. A failed publication is logged and
     * not retried: the nodes that missed it read the room's messages from the database by seq.
     *
     * @return completes when Kafka acknowledged every forwarded record (not waited for here)
     */
    private CompletionStage<Void> forward(List<TimelineRecord> records, Map<String, MessageSentV1> storedById, BatchTimes times)
            throws ExecutionException, TimeoutException, InterruptedException {
        List<LocalDelivery.Stored> timeline = new ArrayList<>(records.size());
        List<StoredEventChannels.StoredEvent> published = new ArrayList<>(records.size());
        List<StoredEventChannels.StoredEvent> forwarded = new ArrayList<>(records.size());
        List<Span> traced = new ArrayList<>();
        for (TimelineRecord record : records) {
            RoomEvent event = record.event() instanceof MessageSentV1 sent ? storedById.get(sent.messageId()) : record.event();
            if (record.replica()) { // as its home forwarded it, seq and trace included: to this region's sessions only
                timeline.add(new LocalDelivery.Stored(opened(event), record.envelope().traceparent()));
                published.add(new StoredEventChannels.StoredEvent(event.roomId(), record.value(), record.envelope().traceparent()));
                continue;
            }
            if (record.event() instanceof RoomRehomedV1) { // for the other regions' persisters only
                forwarded.add(new StoredEventChannels.StoredEvent(record.event().roomId(), record.value(), null));
                continue;
            }
            String value = record.value();
            String traceparent = null;
            if (event instanceof MessageSentV1 stored) {
                Span processing = traced(record.envelope().traceparent(), stored, times, records.size());
                traceparent = Tracing.traceparent(processing);
                if (traceparent != null) {
                    traced.add(processing);
                }
                value = ChatJson.instance().encodeEvent(new EventEnvelope(record.envelope().eventId(), record.envelope().eventType(),
                        record.envelope().occurredAt(), record.envelope().region(), stored.forWire(), traceparent));
            }
            timeline.add(new LocalDelivery.Stored(opened(event), traceparent));
            var storedEvent = new StoredEventChannels.StoredEvent(event.roomId(), value, traceparent);
            published.add(storedEvent);
            forwarded.add(storedEvent);
        }
        localDelivery.stored(timeline);
        traced.forEach(Span::end); // stored, and handed to this node's sessions, the other nodes and Kafka next
        settle();
        CompletableFuture<Void> publication = channels.publish(published).toCompletableFuture();
        Forward sent = new Forward(forwarded, send(forwarded), publication, new CompletableFuture<>());
        sent.acknowledged().thenRun(() -> sent.done().complete(null)); // a failure is found (and sent again) by settle
        inFlight = sent;
        return sent.done();
    }

    /** When a batch was taken from the poll, when its transaction began and when it committed. */
    private record BatchTimes(Instant taken, Instant storing, Instant stored) {
    }

    /**
     * The spans of a stored message whose trace is sampled ({@code traceparent} of its sender's
     * Kafka send): its processing here, from the poll to the hand-over, and the transaction that
     * stored it (the batch's). The invalid span for any other message.
     */
    private Span traced(String traceparent, MessageSentV1 stored, BatchTimes times, int batchSize) {
        Span processing = tracing.continueTrace(traceparent, "chat.messages process", SpanKind.CONSUMER, times.taken());
        if (processing.isRecording()) {
            processing.setAttribute(Tracing.ROOM_ID, stored.roomId()).setAttribute(Tracing.MESSAGE_ID, stored.messageId())
                    .setAttribute(Tracing.SEQ, stored.seq()).setAttribute(Tracing.BATCH_SIZE, (long) batchSize);
            tracing.child(processing, "PostgreSQL store", SpanKind.CLIENT, times.storing())
                    .setAttribute(Tracing.DB_SYSTEM, "postgresql").setAttribute(Tracing.BATCH_SIZE, (long) batchSize).end(times.stored());
        }
        return processing;
    }

    /**
     * A batch's events on their way: to Kafka ({@code events}, {@code acknowledged}: all but the
     * replicas) and to the nodes on Redis ({@code publication}); {@code done} completes once Kafka has them all.
     */
    private record Forward(List<StoredEventChannels.StoredEvent> events, CompletableFuture<Void> acknowledged,
                           CompletableFuture<Void> publication, CompletableFuture<Void> done) {
    }

    /** The last batch's forward, until the next batch settles it (the persister's thread only). */
    private Forward inFlight;

    /** A batch with nothing to forward: done when the batch before it is (offsets are committed in order). */
    private CompletionStage<Void> afterInFlight() {
        return inFlight == null ? CompletableFuture.completedFuture(null) : inFlight.done();
    }

    /**
     * Waits for the previous batch's forward: Kafka's acknowledgement (done by now, as a rule; if it
     * failed, its records are sent again, in order, and this throws so that the batch in hand is
     * retried after them) and, briefly, its publication (a Redis that does not answer must not hold
     * up storing; the sessions reorder what overtakes).
     */
    private void settle() throws ExecutionException, TimeoutException, InterruptedException {
        Forward previous = inFlight;
        if (previous == null) {
            return;
        }
        try {
            previous.acknowledged().get(ackTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Forward again = new Forward(previous.events(), send(previous.events()), previous.publication(), previous.done());
            again.acknowledged().thenRun(() -> again.done().complete(null));
            inFlight = again;
            throw e;
        }
        previous.done().complete(null); // before the next batch's records go: its offsets are committed first
        inFlight = null;
        try {
            previous.publication().get(PUBLICATION_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            publishFailures++;
            LOG.log(publishFailures == 1 || publishFailures % 100 == 0 ? Level.WARNING : Level.FINE, "Could not publish "
                    + "a batch's stored events to the nodes that host their rooms (" + publishFailures
                    + " batches so far): their sessions read the messages from the database when the room's next one arrives, "
                    + "or when Redis reconnects them", e);
        }
    }

    private CompletableFuture<Void> send(List<StoredEventChannels.StoredEvent> events) {
        List<CompletableFuture<Void>> acknowledged = new ArrayList<>(events.size());
        for (StoredEventChannels.StoredEvent event : events) {
            acknowledged.add(KeyedRecords.send(storedTimeline, event.roomId(), event.value(), KeyedRecords.traceHeaders(event.traceparent()))
                    .toCompletableFuture());
        }
        return CompletableFuture.allOf(acknowledged.toArray(CompletableFuture[]::new));
    }
}
