package dev.chat.api.rest;


import java.time.Instant;
import java.util.List;

/**
 * A stored message as history returns it. An edited message has {@code editedAt}; a deleted one
 * keeps its place as a tombstone: {@code deleted = true}, no content, no reactions, no attachments.
 * {@code attachments}: the files it carries, absent when none. {@code mentions}: the ids of the
 * members it names as {@code @username}, absent when none. {@code hidden = true}: sent by a user the
 * caller blocked, or hidden by moderation ({@code moderated = true}), kept as a placeholder without
 * content, reply, reactions, attachments or mentions (both absent otherwise).
 */
public record MessageView(String messageId, String roomId, long seq, String senderId, String content,
                          String replyTo, Instant ts, Instant editedAt, boolean deleted, List<ReactionCount> reactions,
                          List<AttachmentView> attachments, List<String> mentions, Boolean hidden, Boolean moderated) {

    public MessageView {
        attachments = attachments == null || attachments.isEmpty() ? null : attachments; // omitted when none
        mentions = mentions == null || mentions.isEmpty() ? null : mentions;
    }

}
