package dev.chat.moderation.boundary;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.event.MessageFlaggedV1;
import dev.chat.api.event.MessageRestoredV1;
import dev.chat.api.rest.BanRequest;
import dev.chat.api.rest.BanView;
import dev.chat.api.rest.FlagView;
import dev.chat.api.rest.SilenceRequest;
import dev.chat.crypto.boundary.Contents;
import dev.chat.message.boundary.MessageChanges;
import dev.chat.message.entity.ChatMessage;
import dev.chat.moderation.control.Classifier;
import dev.chat.moderation.control.FlagStore;
import dev.chat.platform.kafka.RoomEventLog;
import dev.chat.platform.persistence.DatabaseClock;
import dev.chat.room.boundary.RoomMembership;
import dev.chat.room.boundary.RoomRestrictions;
import dev.chat.room.control.RoomPolicy;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Flags and their review, and the bans and silences of a room's members ({@link RoomRestrictions}). A flag, a restore and a moderator's delete each run in one transaction
 * that locks the message's row, changes it and appends the event to the room's timeline, waiting
 * for Kafka before it commits (as edits do: the room's sessions get the frame in timeline order,
 * history reads the change at once). Reviewers: the room's owners and admins, and the global
 * moderators ({@link Moderators}).
 */
@Stateless
public class Moderation {
    /** The statuses a review list filters by; {@code all} for every one. */
    private static final Set<String> STATUSES = Set.of(FlagStore.OPEN, FlagStore.RESTORED, FlagStore.DELETED, "all");

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Inject
    FlagStore flags;

    @Inject
    RoomEventLog timeline;

    @Inject
    MessageChanges changes;

    @Inject
    RoomMembership membership;

    @Inject
    Moderators moderators;

    @Inject
    Contents contents;

    @Inject
    RoomRestrictions restrictions;

    @Inject
    @ConfigProperty(name = "chat.moderation.hide-flagged", defaultValue = "true")
    boolean hideFlagged;

    @Inject
    @ConfigProperty(name = "chat.moderation.max-page", defaultValue = "100")
    int maxPage;

    /**
     * Records a classifier's verdict on a stored message and, unless the deployment only flags for
     * review, hides it. A message is flagged once; an edit flagged later opens its flag again. A
     * message deleted meanwhile, or edited again since the flagged content, is left alone.
     *
     * @return whether the message was flagged now
     */
    public boolean flag(Classifier.Candidate message, Classifier.Verdict verdict) {
        ChatMessage row = em.find(ChatMessage.class, message.messageId(), LockModeType.PESSIMISTIC_WRITE);
        if (row == null || row.isDeleted() || isNoLongerItsText(message, row)) {
            return false;
        }
        Instant now = DatabaseClock.now();
        var flag = new FlagStore.Flag(row.messageId(), row.roomId(), row.seq(), row.senderId(), verdict.reason(), verdict.score(),
                verdict.classifier(), FlagStore.OPEN, now, null, null);
        if (!(message.edit() ? flags.addForEdit(flag, message.at()) : flags.addFirst(flag))) {
            return false;
        }
        if (hideFlagged && !row.isHidden()) {
            row.hide(now);
        }
        timeline.appendAndWait(new MessageFlaggedV1(row.messageId(), row.roomId(), row.seq(), row.senderId(), flag.reason(), flag.score(),
                flag.classifier(), hideFlagged, now), now);
        return true;
    }

    /** The judged text was replaced by an edit since (the edit is judged on its own). */
    private static boolean isNoLongerItsText(Classifier.Candidate message, ChatMessage row) {
        return row.editedAt() != null && (!message.edit() || row.editedAt().isAfter(message.at()));
    }

    /**
     * Flags for {@code callerId} to review, newest first: of {@code roomId} (its owners, admins and
     * global moderators), or of every room the caller reviews. {@code status}: open (default),
     * restored, deleted or all; {@code before}: the {@code flaggedAt} of the last one seen.
     */
    public List<FlagView> list(String callerId, String roomId, String status, Instant before, Integer limit) {
        String wanted = status == null || status.isBlank() ? FlagStore.OPEN : status.strip();
        if (!STATUSES.contains(wanted)) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "status must be open, restored, deleted or all");
        }
        boolean global = moderators.isGlobal(callerId);
        if (roomId != null && !global) {
            RoomPolicy.mayReviewFlags(membership.roleOf(roomId, callerId).orElse(null));
        }
        int size = limit == null ? Math.min(50, maxPage) : Math.max(1, Math.min(limit, maxPage));
        List<FlagStore.Flag> page = flags.page(roomId, roomId == null && !global ? callerId : null,
                "all".equals(wanted) ? null : wanted, before, size);
        if (page.isEmpty()) {
            return List.of();
        }
        Map<String, ChatMessage> messages = em.createQuery("SELECT m FROM ChatMessage m WHERE m.messageId IN :ids", ChatMessage.class)
                .setParameter("ids", page.stream().map(FlagStore.Flag::messageId).toList()).getResultStream()
                .collect(Collectors.toMap(ChatMessage::messageId, Function.identity()));
        return page.stream().map(flag -> view(flag, messages.get(flag.messageId()))).toList();
    }

    /**
     * Shows a flagged message to its room again ({@code MESSAGE_RESTORED}) and closes its flag.
     *
     * @throws ChatException NOT_FOUND (no such flag), FORBIDDEN (not a reviewer), CONFLICT (reviewed already)
     */
    public FlagView restore(String callerId, String messageId) {
        ChatMessage row = lockedFlagged(messageId);
        FlagStore.Flag flag = openFlagFor(callerId, row);
        Instant now = DatabaseClock.now();
        flags.review(messageId, FlagStore.RESTORED, callerId, now); // the database first: the event goes last, as the commit's condition
        if (row.isHidden()) {
            row.hide(null);
            timeline.appendAndWait(new MessageRestoredV1(row.messageId(), row.roomId(), row.seq(), row.senderId(), row.content(),
                    row.contentSealed(), callerId, now), now);
        }
        return view(reviewed(flag, FlagStore.RESTORED, callerId, now), row);
    }

    /**
     * Deletes a flagged message as its author would ({@code MESSAGE_DELETED}) and closes its flag.
     *
     * @throws ChatException NOT_FOUND (no such flag), FORBIDDEN (not a reviewer), CONFLICT (reviewed already)
     */
    public FlagView delete(String callerId, String messageId) {
        ChatMessage row = lockedFlagged(messageId);
        FlagStore.Flag flag = openFlagFor(callerId, row);
        Instant now = DatabaseClock.now();
        flags.review(messageId, FlagStore.DELETED, callerId, now);
        changes.deleteLocked(row, callerId);
        return view(reviewed(flag, FlagStore.DELETED, callerId, now), row);
    }

    /** Bans a user from a room (out of it, and not back until unbanned): the room's owners and admins, global moderators. */
    public BanView ban(String callerId, String roomId, BanRequest request) {
        return restrictions.ban(callerId, moderators.isGlobal(callerId), roomId, request.userId(), request.reason());
    }

    public void unban(String callerId, String roomId, String userId) {
        restrictions.unban(callerId, moderators.isGlobal(callerId), roomId, userId);
    }

    public List<BanView> bans(String callerId, String roomId) {
        return restrictions.bans(callerId, moderators.isGlobal(callerId), roomId);
    }

    /** Silences a member of a room for {@code request.minutes()}: they read, but cannot post, edit or react there. @return until when */
    public Instant silence(String callerId, String roomId, SilenceRequest request) {
        return restrictions.silence(callerId, moderators.isGlobal(callerId), roomId, request.userId(), Duration.ofMinutes(request.minutes()));
    }

    public void unsilence(String callerId, String roomId, String userId) {
        restrictions.unsilence(callerId, moderators.isGlobal(callerId), roomId, userId);
    }

    private ChatMessage lockedFlagged(String messageId) {
        ChatMessage row = em.find(ChatMessage.class, messageId, LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            throw new ChatException(ErrorCode.NOT_FOUND, "no flagged message " + messageId);
        }
        return row;
    }

    /** The message's open flag, once the caller is known to review its room. */
    private FlagStore.Flag openFlagFor(String callerId, ChatMessage row) {
        if (!moderators.isGlobal(callerId)) {
            RoomPolicy.mayReviewFlags(membership.roleOf(row.roomId(), callerId).orElse(null));
        }
        FlagStore.Flag flag = flags.locked(row.messageId())
                .orElseThrow(() -> new ChatException(ErrorCode.NOT_FOUND, "no flagged message " + row.messageId()));
        if (!FlagStore.OPEN.equals(flag.status()) || row.isDeleted()) {
            throw new ChatException(ErrorCode.CONFLICT, "the flag of message " + row.messageId() + " was reviewed already ("
                    + (row.isDeleted() ? FlagStore.DELETED : flag.status()) + ")");
        }
        return flag;
    }

    private static FlagStore.Flag reviewed(FlagStore.Flag flag, String status, String reviewerId, Instant at) {
        return new FlagStore.Flag(flag.messageId(), flag.roomId(), flag.seq(), flag.senderId(), flag.reason(), flag.score(),
                flag.classifier(), status, flag.flaggedAt(), reviewerId, at);
    }

    private FlagView view(FlagStore.Flag flag, ChatMessage message) {
        boolean readable = message != null && !message.isDeleted();
        String content = readable ? contents.messageText(message.senderId(), message.messageId(), message.content(), message.contentSealed()) : null;
        return new FlagView(flag.messageId(), flag.roomId(), flag.seq(), flag.senderId(), content, flag.reason(), flag.score(),
                flag.classifier(), readable && message.isHidden(), flag.status(), flag.flaggedAt(), flag.reviewedBy(), flag.reviewedAt());
    }
}
