package dev.chat.notification.control;

import dev.chat.api.rest.NotificationDigest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A user's notifications of a few seconds as one digest, with the words a notification shows:
 * one message says who wrote what where; several say how many, where, and show the latest.
 */
public final class Digests {
    /** How much of a message's text a notification shows. */
    public static final int PREVIEW_LENGTH = 140;

    private Digests() {
    }

    /** @param items one user's notifications, oldest first; {@code withContent}: whether previews show the text */
    public static NotificationDigest of(String userId, List<NotificationDecisions.Item> items, boolean withContent) {
        NotificationDecisions.Item latest = items.get(items.size() - 1);
        long rooms = items.stream().map(NotificationDecisions.Item::roomId).distinct().count();
        String title;
        String body;
        if (items.size() == 1) {
            title = latest.mention() ? latest.senderName() + " mentioned you" + where(latest, " in ") : latest.senderName() + where(latest, " in ");
            body = withContent ? preview(latest.content()) : "New message";
        } else {
            title = items.size() + " new messages" + (rooms == 1 ? where(latest, " in ") : " in " + rooms + " conversations");
            body = withContent ? latest.senderName() + ": " + preview(latest.content()) : "From " + latest.senderName();
        }
        List<NotificationDigest.Item> listed = items.stream().map(item -> new NotificationDigest.Item(item.roomId(), item.roomName(),
                item.roomType(), item.messageId(), item.seq(), item.senderId(), item.senderName(), item.mention(),
                withContent ? preview(item.content()) : null, item.sentAt())).toList();
        return new NotificationDigest(idOf(userId, items), userId, title, body, items.size(), listed);
    }

    /** " in #general" for a group or channel, "" for a direct room (its name is the sender). */
    private static String where(NotificationDecisions.Item item, String preposition) {
        if ("direct".equals(item.roomType()) || item.roomName() == null) {
            return "";
        }
        return preposition + "#" + item.roomName();
    }

    static String preview(String content) {
        if (content == null || content.isBlank()) {
            return "(a file)";
        }
        String oneLine = content.strip().replaceAll("\\s+", " ");
        if (oneLine.length() <= PREVIEW_LENGTH) {
            return oneLine;
        }
        int end = PREVIEW_LENGTH - 1;
        if (Character.isHighSurrogate(oneLine.charAt(end - 1))) {
            end--; // never half of an emoji
        }
        return oneLine.substring(0, end) + "…";
    }

    /** The same digest (user and messages) always has the same id. */
    private static String idOf(String userId, List<NotificationDecisions.Item> items) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(userId.getBytes(StandardCharsets.UTF_8));
            items.forEach(item -> sha.update(("/" + item.messageId()).getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
