package dev.chat.api.frame;

import dev.chat.api.rest.AttachmentView;
import dev.chat.api.rest.ReactionCount;

import java.time.Instant;
import java.util.List;

/**
 * {@code MESSAGE}: a message of a room the connection receives. {@code seq} is its place in the
 * room (1, 2, 3 … without gaps): a client that sees a jump resumes with {@code RESUME afterSeq}.
 * Live, a message arrives as sent; replayed (RESUME, SUBSCRIBE with afterSeq) it arrives as it is
 * now: {@code editedAt} when edited, {@code deleted = true} without content when deleted, and its
 * {@code reactions}. {@code attachments}: the files it carries (none when deleted). {@code mentions}:
 * the ids of the members it names as {@code @username} (as resolved when it was stored).
 * {@code hidden = true}: the sender is a user the receiving user blocked; the message keeps its
 * place (seq, messageId, senderId, ts) without content, reply, reactions, attachments or mentions,
 * so that seq stays gapless. {@code moderated = true} (with {@code hidden}): moderation hid it
 * (docs/moderation.md). Absent fields are omitted.
 */
public record MessageDelivered(String roomId, String messageId, long seq, String senderId, String content,
                               String replyTo, Instant ts, Instant editedAt, Boolean deleted,
                               List<ReactionCount> reactions, List<AttachmentView> attachments,
                               List<String> mentions, Boolean hidden, Boolean moderated) implements ServerFrame {

    public MessageDelivered {
        attachments = attachments == null || attachments.isEmpty() ? null : attachments; // omitted when none
        mentions = mentions == null || mentions.isEmpty() ? null : mentions;
    }

    /** A message without files. */
    public MessageDelivered(String roomId, String messageId, long seq, String senderId, String content,
                            String replyTo, Instant ts, Instant editedAt, Boolean deleted, List<ReactionCount> reactions) {
        this(roomId, messageId, seq, senderId, content, replyTo, ts, editedAt, deleted, reactions, null, null, null, null);
    }
}
