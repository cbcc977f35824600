package dev.chat.message.boundary;

import dev.chat.api.rest.AttachmentView;
import dev.chat.attachment.boundary.Attachments;
import dev.chat.block.boundary.Blocks;
import dev.chat.crypto.boundary.Contents;
import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.rest.MessageView;
import dev.chat.api.rest.ReactionCount;
import dev.chat.message.control.MessageHistory;
import dev.chat.message.control.MessageStore;
import dev.chat.message.control.Reactions;
import dev.chat.message.entity.ChatMessage;
import dev.chat.room.boundary.RoomMembership;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A room's history for its members: pages by {@code seq} cursor, newest first by default
 * ({@code before}), oldest first when catching up ({@code after}). A message whose sender the
 * caller blocked, or that moderation hid, is a placeholder ({@code hidden}) in every view: pages,
 * one message, resume.
 */
@Stateless
public class Messages {

    @Inject
    MessageHistory history;

    @Inject
    MessageStore store;

    @Inject
    Reactions reactions;

    @Inject
    RoomMembership membership;

    @Inject
    Attachments attachments;

    @Inject
    Blocks blocks;

    @Inject
    Contents contents;

    @Inject
    @ConfigProperty(name = "chat.history.max-page", defaultValue = "100")
    int maxPage;

    public List<MessageView> page(String callerId, String roomId, Long before, Long after, Integer limit) {
        membership.requireMember(roomId, callerId);
        if (before != null && after != null) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "give either before or after, not both");
        }
        int size = limit == null ? Math.min(50, maxPage) : Math.max(1, Math.min(limit, maxPage));
        List<ChatMessage> page = after != null ? history.after(roomId, after, size)
                : history.before(roomId, before != null ? before : Long.MAX_VALUE, size);
        return views(page, callerId);
    }

    /** One message of the room (a tombstone if deleted). @throws ChatException NOT_FOUND if the room has no such message */
    public MessageView one(String callerId, String roomId, String messageId) {
        membership.requireMember(roomId, callerId);
        ChatMessage message = store.find(messageId);
        if (message == null || !message.roomId().equals(roomId)) {
            throw new ChatException(ErrorCode.NOT_FOUND, "no message " + messageId + " in room " + roomId);
        }
        return views(List.of(message), callerId).get(0);
    }

    /**
     * Up to {@code limit} messages after {@code afterSeq}, oldest first, as they are now (edited,
     * deleted, reacted to), for a resuming session of {@code callerId} (membership checked by the caller).
     */
    public List<MessageView> missedSince(String callerId, String roomId, long afterSeq, int limit) {
        return views(history.after(roomId, afterSeq, limit), callerId);
    }

    /** The last seq of each of the rooms that has a message (for a node's own use: no caller, no membership). */
    public Map<String, Long> lastSeqs(List<String> roomIds) {
        return store.lastSeqs(roomIds);
    }

    /**
     * A reply must name a stored message of the same room: never one of another room (that would
     * leak it) nor one that does not exist.
     *
     * @throws ChatException INVALID_FIELD otherwise
     */
    public void requireReplyTarget(String roomId, String replyTo) {
        ChatMessage target = store.find(replyTo);
        if (target == null || !target.roomId().equals(roomId)) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "replyTo must name a message of room " + roomId);
        }
    }

    private List<MessageView> views(List<ChatMessage> page, String callerId) {
        if (page.isEmpty()) {
            return List.of();
        }
        Set<String> hiddenSenders = blocks.hiddenFrom(callerId);
        List<String> shown = page.stream().filter(message -> !message.isDeleted() && !isPlaceholder(message, hiddenSenders))
                .map(ChatMessage::messageId).toList();
        Map<String, List<ReactionCount>> reactionsById = reactions.countsOf(shown, callerId);
        Map<String, List<AttachmentView>> filesById = attachments.ofMessages(shown);
        Map<String, List<String>> mentionsById = store.mentionsOf(shown);
        return page.stream().map(message -> isPlaceholder(message, hiddenSenders) ? placeholder(message)
                : view(message, contents.messageText(message.senderId(), message.messageId(), message.content(), message.contentSealed()),
                reactionsById.getOrDefault(message.messageId(), List.of()),
                filesById.get(message.messageId()), mentionsById.get(message.messageId()))).toList();
    }

    private static boolean isPlaceholder(ChatMessage message, Set<String> hiddenSenders) {
        return hiddenSenders.contains(message.senderId()) || message.isHidden() && !message.isDeleted();
    }

    /** @param text its content, opened if sealed */
    static MessageView view(ChatMessage message, String text, List<ReactionCount> reactions, List<AttachmentView> files, List<String> mentions) {
        return new MessageView(message.messageId(), message.roomId(), message.seq(), message.senderId(), text,
                message.replyTo(), message.sentAt(), message.editedAt(), message.isDeleted(), reactions, files, mentions, null, null);
    }

    /** A message of a sender the caller blocked, or hidden by moderation: its place in the room, nothing of what it says. */
    static MessageView placeholder(ChatMessage message) {
        return new MessageView(message.messageId(), message.roomId(), message.seq(), message.senderId(), null,
                null, message.sentAt(), null, message.isDeleted(), List.of(), null, null, Boolean.TRUE,
                message.isHidden() && !message.isDeleted() ? Boolean.TRUE : null);
    }
}
