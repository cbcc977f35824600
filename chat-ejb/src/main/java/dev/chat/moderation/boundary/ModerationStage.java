package dev.chat.moderation.boundary;

import dev.chat.api.codec.ChatJson;
import dev.chat.api.event.EventEnvelope;
import dev.chat.api.event.MessageEditedV1;
import dev.chat.api.event.MessageSentV1;
import dev.chat.crypto.boundary.Contents;
import dev.chat.moderation.control.Classifier;
import dev.chat.platform.concurrent.Backoff;
import dev.chat.platform.kafka.Channels;
import dev.chat.platform.persistence.DatabaseRefusal;
import dev.chat.platform.startup.StartsWithApplication;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Consumer group {@code chat-moderation} on {@code chat.messages.stored} (on when
 * {@code chat.moderation.enabled}): each poll's new messages and edits, opened if sealed, go to the
 * {@link Classifiers}; each flagged one to {@link Moderation#flag}. It runs beside delivery: a
 * message reaches the room first and is hidden when its flag is stored (docs/moderation.md).
 * Messages older than {@code chat.moderation.max-message-age-ms} are passed over (a group that
 * starts on an old topic does not judge its history). While the database or Kafka fails, opening
 * the batch and storing its flags are retried with growing backoff, so none is lost; the offsets
 * are committed once the batch is done.
 */
@ApplicationScoped
public class ModerationStage implements StartsWithApplication {
    private static final Logger LOG = Logger.getLogger(ModerationStage.class.getName());

    @Inject
    Classifiers classifiers;

    @Inject
    Moderation moderation;

    @Inject
    Contents contents;

    @Inject
    MetricRegistry metrics;

    @Inject
    @ConfigProperty(name = "chat.moderation.max-message-age-ms", defaultValue = "600000")
    long maxMessageAgeMs;

    @Inject
    @ConfigProperty(name = "chat.persister.max-backoff-ms") // default in microprofile-config.properties (read by several beans)
    long maxBackoffMs;

    private Counter classified;
    private Counter flagged;

    @PostConstruct
    void registerMetrics() {
        classified = metrics.counter(Metadata.builder().withName("chat_moderation_classified_total")
                .withDescription("New and edited messages the moderation stage handed to its classifiers").build());
        flagged = metrics.counter(Metadata.builder().withName("chat_moderation_flagged_total")
                .withDescription("Messages flagged (and hidden, unless chat.moderation.hide-flagged=false)").build());
    }

    @Incoming(Channels.MESSAGES_MODERATE)
    @Blocking
    public void moderate(ConsumerRecords<String, String> batch) throws InterruptedException {
        List<Classifier.Candidate> candidates = retried("open the messages of a batch of " + batch.count(), () -> candidatesOf(batch));
        if (candidates == null || candidates.isEmpty()) {
            return;
        }
        Map<Classifier.Candidate, Classifier.Verdict> verdicts = classifiers.classify(candidates); // once: flood counts each message once
        classified.inc(candidates.size());
        for (var verdict : verdicts.entrySet()) {
            Classifier.Candidate message = verdict.getKey();
            if (Boolean.TRUE.equals(retried("store the flag of message " + message.messageId(),
                    () -> moderation.flag(message, verdict.getValue())))) {
                flagged.inc();
            }
        }
    }

    /**
     * Runs {@code work} until it succeeds ({@link Backoff}: the database or Kafka may be away for a
     * while, nothing is skipped for that). A refusal no retry can help (the database refuses the
     * data) is logged and counts as done ({@code null}).
     */
    private <T> T retried(String what, Supplier<T> work) throws InterruptedException {
        return Backoff.untilDone(what, maxBackoffMs, LOG, () -> {
            try {
                return work.get();
            } catch (RuntimeException e) {
                var refusal = DatabaseRefusal.sqlStateOf(e).filter(DatabaseRefusal::isPermanent);
                if (refusal.isEmpty()) {
                    throw e;
                }
                LOG.log(Level.SEVERE, "The database refuses to " + what + " (SQLState " + refusal.get() + "): passed over", e);
                return null;
            }
        });
    }

    /**
     * The batch's new messages and edits, recent enough, with their content opened. A record that
     * is no chat event, or content that does not open (not sealed content; a shredded author's
     * opens to nothing), is passed over, logged; a failure to read data keys is thrown (retried).
     */
    private List<Classifier.Candidate> candidatesOf(ConsumerRecords<String, String> batch) {
        Instant oldest = Instant.now().minus(Duration.ofMillis(maxMessageAgeMs));
        List<Classifier.Candidate> candidates = new ArrayList<>();
        for (ConsumerRecord<String, String> record : batch) {
            try {
                EventEnvelope envelope = ChatJson.instance().decodeEvent(record.value());
                if (envelope.payload() instanceof MessageSentV1 sent && sent.seq() != null && sent.sentAt().isAfter(oldest)) {
                    MessageSentV1 opened = contents.opened(sent);
                    candidates.add(new Classifier.Candidate(sent.messageId(), sent.roomId(), sent.senderId(), opened.content(),
                            sent.sentAt(), false));
                } else if (envelope.payload() instanceof MessageEditedV1 edited && edited.editedAt().isAfter(oldest)) {
                    MessageEditedV1 opened = contents.opened(edited);
                    candidates.add(new Classifier.Candidate(edited.messageId(), edited.roomId(), edited.editedBy(), opened.content(),
                            edited.editedAt(), true));
                }
            } catch (IllegalArgumentException unreadable) { // not an event (the codec's refusal), or content that is not sealed content
                LOG.log(Level.WARNING, "Moderation passed over an unreadable record at {0}-{1}@{2}: {3}",
                        new Object[]{record.topic(), record.partition(), record.offset(), unreadable.toString()});
            }
        }
        return candidates;
    }
}
