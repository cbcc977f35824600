package dev.chat.message.boundary;

import dev.chat.attachment.boundary.Attachments;
import dev.chat.crypto.boundary.Contents;
import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.event.MessageDeletedV1;
import dev.chat.api.event.MessageEditedV1;
import dev.chat.api.event.MessageReactedV1;
import dev.chat.api.rest.MessageView;
import dev.chat.api.rest.ReactionView;
import dev.chat.api.Emoji;
import dev.chat.message.control.ContentPolicy;
import dev.chat.message.control.MessageStore;
import dev.chat.message.control.Reactions;
import dev.chat.message.entity.ChatMessage;
import dev.chat.platform.kafka.RoomEventLog;
import dev.chat.ratelimit.boundary.SendRateLimit;
import dev.chat.platform.persistence.DatabaseClock;
import dev.chat.room.boundary.RoomMembership;
import dev.chat.room.control.RoomPolicy;
import dev.chat.room.entity.RoomRole;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Edits, deletes and reactions. Each runs in one transaction that locks the message's row,
 * changes it, and appends the event to the room's timeline, waiting for Kafka's acknowledgement
 * before it commits: history reads the change at once (read-your-writes for REST), the room's
 * sessions get the frame in timeline order (never before the message itself), and if Kafka
 * refuses nothing changed ({@code NOT_DURABLE}). The row lock orders concurrent changes of one
 * message the same way in the database and in the timeline. Each takes one permit of the
 * caller's {@link SendRateLimit}.
 */
@Stateless
public class MessageChanges {

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    @Inject
    RoomMembership membership;

    @Inject
    ContentPolicy contentPolicy;

    @Inject
    Reactions reactions;

    @Inject
    MessageStore store;

    @Inject
    RoomEventLog timeline;

    @Inject
    SendRateLimit rateLimit;

    @Inject
    Attachments attachments;

    @Inject
    Contents contents;

    public MessageView edit(String callerId, String roomId, String messageId, String content) {
        membership.requireMayPost(roomId, callerId);
        rateLimit.acquireNow(callerId);
        contentPolicy.requireWithinLimit(content);
        ChatMessage message = lockedInRoom(roomId, messageId);
        if (!message.senderId().equals(callerId)) {
            throw new ChatException(ErrorCode.FORBIDDEN, "only the author edits a message");
        }
        if (message.isHidden()) { // an edit would show the room new content of a message moderation hid
            throw new ChatException(ErrorCode.FORBIDDEN, "a message hidden by moderation cannot be edited");
        }
        if (!content.equals(contents.messageText(callerId, messageId, message.content(), message.contentSealed()))) {
            Instant now = DatabaseClock.now();
            String sealed = contents.sealing() ? contents.sealMessage(callerId, messageId, content) : null;
            String plain = sealed == null ? content : null;
            message.edit(plain, sealed, now);
            timeline.appendAndWait(new MessageEditedV1(messageId, roomId, message.seq(), plain, callerId, now, sealed), now);
        }
        return Messages.view(message, content, reactions.countsOf(List.of(messageId), callerId).getOrDefault(messageId, List.of()),
                attachments.ofMessages(List.of(messageId)).get(messageId), store.mentionsOf(List.of(messageId)).get(messageId));
    }

    public void delete(String callerId, String roomId, String messageId) {
        RoomRole role = membership.requireMember(roomId, callerId);
        rateLimit.acquireNow(callerId);
        ChatMessage message = lockedInRoom(roomId, messageId);
        RoomPolicy.mayDeleteMessage(role, message.senderId().equals(callerId));
        deleteLocked(message, callerId);
    }

    /**
     * Deletes a message this transaction locked, for whoever decided it ({@code deletedBy}: its
     * author, a room owner or admin, a moderator; the caller checked): content gone, reactions and
     * attachments removed, {@code MESSAGE_DELETED} to the room.
     */
    public void deleteLocked(ChatMessage message, String deletedBy) {
        Instant now = DatabaseClock.now();
        message.delete(deletedBy, now);
        reactions.removeAll(message.messageId());
        attachments.removeOfMessage(message.messageId());
        timeline.appendAndWait(new MessageDeletedV1(message.messageId(), message.roomId(), message.seq(), deletedBy, now), now);
    }

    /**
     * Deletes up to {@code limit} of {@code senderId}'s messages, oldest first, as their author
     * would (content gone, reactions and attachments removed, {@code MESSAGE_DELETED} to each room),
     * whatever rooms they are in now; the events are appended together and this transaction commits
     * only once Kafka has all of them. For an account's erasure (docs/privacy.md).
     *
     * @return how many were deleted: fewer than {@code limit} means none are left
     */
    public int deleteOldestOf(String senderId, int limit) {
        List<ChatMessage> messages = em.createQuery("SELECT m FROM ChatMessage m WHERE m.senderId = :sender AND m.deletedAt IS NULL"
                        + " ORDER BY m.messageId", ChatMessage.class)
                .setParameter("sender", senderId).setMaxResults(limit).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
        Instant now = DatabaseClock.now();
        Map<MessageDeletedV1, CompletableFuture<MessageDeletedV1>> appended = new LinkedHashMap<>();
        for (ChatMessage message : messages) {
            message.delete(senderId, now);
            reactions.removeAll(message.messageId());
            attachments.removeOfMessage(message.messageId());
            var deleted = new MessageDeletedV1(message.messageId(), message.roomId(), message.seq(), senderId, now);
            appended.put(deleted, timeline.append(deleted, now).toCompletableFuture());
        }
        appended.forEach(timeline::awaitAppended);
        return messages.size();
    }

    public ReactionView react(String callerId, String roomId, String messageId, String emoji) {
        membership.requireMayPost(roomId, callerId);
        rateLimit.acquireNow(callerId);
        Emoji.requireValid("emoji", emoji);
        ChatMessage message = lockedInRoom(roomId, messageId);
        Instant now = DatabaseClock.now();
        Reactions.Toggled toggled = reactions.toggle(messageId, emoji, callerId, now);
        timeline.appendAndWait(new MessageReactedV1(messageId, roomId, message.seq(), callerId, emoji,
                toggled.added(), toggled.count(), now), now);
        return new ReactionView(messageId, emoji, toggled.added(), toggled.count());
    }

    /** The message, locked for this transaction. @throws ChatException NOT_FOUND if the room has no such (undeleted) message */
    private ChatMessage lockedInRoom(String roomId, String messageId) {
        ChatMessage message = em.find(ChatMessage.class, messageId, LockModeType.PESSIMISTIC_WRITE);
        if (message == null || !message.roomId().equals(roomId)) {
            throw new ChatException(ErrorCode.NOT_FOUND, "no message " + messageId + " in room " + roomId);
        }
        if (message.isDeleted()) {
            throw new ChatException(ErrorCode.NOT_FOUND, "message " + messageId + " was deleted");
        }
        return message;
    }
}
