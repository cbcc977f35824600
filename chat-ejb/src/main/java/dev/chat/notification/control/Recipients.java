package dev.chat.notification.control;

import dev.chat.notification.entity.NotificationLevel;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Who is to be told about a stored message, in two steps so that presence is asked only about the
 * members a notification is possible for: {@link #candidates} (not the sender, not a member who
 * blocked the sender, their level allows it, not muted), then {@link #decide} by whether they are connected anywhere. A connected member
 * sees the message live, except that they may not be looking (an AWAY status, a background tab):
 * a mention of a connected member becomes a check, due after {@code unreadMentionDelay}, that
 * notifies them unless they have read it by then.
 */
public final class Recipients {

    /** A member of the room with their effective level and mute. */
    public record Member(String userId, NotificationLevel level, Instant mutedUntil) {
        boolean mutedAt(Instant now) {
            return mutedUntil != null && mutedUntil.isAfter(now);
        }
    }

    /** A member a notification is possible for. */
    public record Candidate(String userId, boolean mention) {
    }

    /** A notification to make: now ({@code dueAt} null) or, for a connected member's mention, at {@code dueAt} unless read by then. */
    public record Decision(String userId, boolean mention, Instant dueAt) {
    }

    private Recipients() {
    }

    /** @param blockersOfSender the users who blocked the sender: they see its messages as placeholders, so nothing to tell them */
    public static List<Candidate> candidates(String senderId, Set<String> blockersOfSender, Collection<String> mentions,
                                             Collection<Member> members, Instant now) {
        List<Candidate> candidates = new ArrayList<>();
        for (Member member : members) {
            boolean mentioned = mentions.contains(member.userId());
            if (!member.userId().equals(senderId) && !blockersOfSender.contains(member.userId())
                    && member.level().allows(mentioned) && !member.mutedAt(now)) {
                candidates.add(new Candidate(member.userId(), mentioned));
            }
        }
        return candidates;
    }

    public static List<Decision> decide(Collection<Candidate> candidates, Set<String> connected, Instant now, Duration unreadMentionDelay) {
        List<Decision> decisions = new ArrayList<>();
        for (Candidate candidate : candidates) {
            if (!connected.contains(candidate.userId())) {
                decisions.add(new Decision(candidate.userId(), candidate.mention(), null));
            } else if (candidate.mention()) {
                decisions.add(new Decision(candidate.userId(), true, now.plus(unreadMentionDelay)));
            }
        }
        return decisions;
    }
}
