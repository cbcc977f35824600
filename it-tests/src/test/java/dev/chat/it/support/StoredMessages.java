package dev.chat.it.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** Reads what the persister stored, straight from PostgreSQL. */
public final class StoredMessages {
    /** One stored message as the tests look at it. */
    public record Row(long seq, String messageId, String senderId, String content) {
    }

    private StoredMessages() {
    }

    public static List<Row> of(String roomId) throws Exception {
        try (Connection db = TestEnvironment.openDatabase();
             PreparedStatement query = db.prepareStatement(
                     "SELECT seq, message_id, sender_id, content FROM messages WHERE room_id = ? ORDER BY seq")) {
            query.setString(1, roomId);
            List<Row> rows = new ArrayList<>();
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(new Row(result.getLong(1), result.getString(2), result.getString(3), result.getString(4)));
                }
            }
            return rows;
        }
    }
}
