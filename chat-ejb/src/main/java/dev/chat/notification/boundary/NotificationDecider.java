package dev.chat.notification.boundary;

import dev.chat.api.event.MessageSentV1;
import dev.chat.api.event.NotificationV1;
import dev.chat.block.boundary.Blockers;
import dev.chat.notification.control.Audiences;
import dev.chat.notification.control.NotificationDecisions;
import dev.chat.notification.control.Recipients;
import dev.chat.platform.persistence.DatabaseClock;
import dev.chat.presence.boundary.PresenceTracker;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides, per stored message and member, whether to notify, and produces the notifications in
 * the transaction that records the decisions: if Kafka does not take them, the decisions roll back
 * and the batch is decided again; once committed, a redelivered message finds its decisions and
 * notifies nobody twice.
 */
@Stateless
public class NotificationDecider {

    @Inject
    Audiences audiences;

    @Inject
    NotificationDecisions decisions;

    @Inject
    PresenceTracker presence;

    @Inject
    NotificationTopic topic;

    @Inject
    NotificationMetrics metrics;

    @Inject
    Blockers blockers;

    @Inject
    @ConfigProperty(name = "chat.notifications.unread-mention-delay-ms", defaultValue = "60000")
    long unreadMentionDelayMs;

    @Inject
    @ConfigProperty(name = "chat.notifications.max-message-age-ms", defaultValue = "3600000")
    long maxMessageAgeMs;

    /** @return how many notifications it produced now */
    public int decide(List<MessageSentV1> stored) {
        Instant now = DatabaseClock.now();
        // a message older than this is history, not news (a new consumer group reading a topic from its start)
        Instant oldest = now.minusMillis(maxMessageAgeMs);
        List<MessageSentV1> news = stored.stream().filter(message -> message.sentAt().isAfter(oldest)).toList();
        if (news.isEmpty()) {
            return 0;
        }
        List<String> rooms = news.stream().map(MessageSentV1::roomId).distinct().toList();
        List<String> mentioned = news.stream().filter(message -> message.mentions() != null)
                .flatMap(message -> message.mentions().stream()).distinct().toList();
        Map<String, List<Recipients.Member>> members = audiences.of(rooms, mentioned);
        List<List<Recipients.Candidate>> candidates = new ArrayList<>(news.size());
        Set<String> candidateUsers = new LinkedHashSet<>();
        for (MessageSentV1 message : news) {
            List<Recipients.Candidate> forMessage = Recipients.candidates(message.senderId(), blockers.of(message.senderId()),
                    message.mentions() == null ? List.of() : message.mentions(), members.getOrDefault(message.roomId(), List.of()), now);
            candidates.add(forMessage);
            forMessage.forEach(candidate -> candidateUsers.add(candidate.userId()));
        }
        if (candidateUsers.isEmpty()) {
            return 0; // the common case in a busy room whose members are all connected and not mentioned: no Redis call, no insert
        }
        Set<String> connected = presence.connectedAmong(List.copyOf(candidateUsers));
        List<NotificationDecisions.Decision> decided = new ArrayList<>();
        for (int i = 0; i < news.size(); i++) {
            MessageSentV1 message = news.get(i);
            for (Recipients.Decision decision : Recipients.decide(candidates.get(i), connected, now, Duration.ofMillis(unreadMentionDelayMs))) {
                decided.add(new NotificationDecisions.Decision(decision.userId(), message.messageId(), message.roomId(), message.seq(),
                        message.senderId(), decision.mention(), message.sentAt(), decision.dueAt()));
            }
        }
        List<NotificationV1> toSend = decisions.record(decided, now);
        topic.sendAll(toSend);
        metrics.decided(toSend.size(), 0);
        return toSend.size();
    }

    /** Runs up to {@code max} due checks of unread mentions. @return how many notifications they made */
    public int checkDue(int max) {
        List<NotificationV1> due = decisions.takeDue(DatabaseClock.now(), max);
        topic.sendAll(due);
        metrics.decided(0, due.size());
        return due.size();
    }

    /** Forgets decisions older than {@code age}. @return how many */
    public int forgetOlderThan(Duration age) {
        return decisions.forget(DatabaseClock.now().minus(age));
    }
}
