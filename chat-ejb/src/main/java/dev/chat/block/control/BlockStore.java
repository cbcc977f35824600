package dev.chat.block.control;

import dev.chat.api.rest.BlockView;
import dev.chat.platform.persistence.NativeQueries;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Rows of {@code user_blocks}: by blocker (their list, what they see) and by blocked (who must not see a sender). */
@Stateless
public class BlockStore {

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    /** @return false when the block existed already */
    public boolean add(String blockerId, String blockedId, Instant at) {
        return NativeQueries.withParameters(em, "INSERT INTO user_blocks (blocker_id, blocked_id, created_at) VALUES (?1, ?2, ?3)"
                + " ON CONFLICT DO NOTHING", blockerId, blockedId, at.atOffset(ZoneOffset.UTC)).executeUpdate() == 1;
    }

    /** @return false when there was no such block */
    public boolean remove(String blockerId, String blockedId) {
        return NativeQueries.withParameters(em, "DELETE FROM user_blocks WHERE blocker_id = ?1 AND blocked_id = ?2",
                blockerId, blockedId).executeUpdate() == 1;
    }

    /** Whether either of the two blocked the other. */
    public boolean eitherBlocks(String userId, String otherId) {
        return !NativeQueries.withParameters(em, "SELECT 1 FROM user_blocks WHERE (blocker_id = ?1 AND blocked_id = ?2)"
                + " OR (blocker_id = ?2 AND blocked_id = ?1) LIMIT 1", userId, otherId).getResultList().isEmpty();
    }

    /** The users {@code blockerId} blocked. */
    public Set<String> blockedBy(String blockerId) {
        return ids("SELECT blocked_id FROM user_blocks WHERE blocker_id = ?1", blockerId);
    }

    /** The users who blocked {@code blockedId}. */
    public Set<String> blockersOf(String blockedId) {
        return ids("SELECT blocker_id FROM user_blocks WHERE blocked_id = ?1", blockedId);
    }

    /** {@code blockerId}'s blocks, newest first, with the blocked users' names (erased accounts have none). */
    public List<BlockView> views(String blockerId) {
        return views(" ORDER BY b.created_at DESC, b.blocked_id", blockerId);
    }

    /** One block of {@code blockerId}'s, if there is one. */
    public Optional<BlockView> view(String blockerId, String blockedId) {
        return views(" AND b.blocked_id = ?2", blockerId, blockedId).stream().findFirst();
    }

    private List<BlockView> views(String restOfQuery, Object... parameters) {
        List<?> rows = NativeQueries.withParameters(em, "SELECT b.blocked_id, u.username, u.display_name, b.created_at"
                + " FROM user_blocks b JOIN users u ON u.id = b.blocked_id WHERE b.blocker_id = ?1" + restOfQuery, parameters).getResultList();
        return rows.stream().map(row -> (Object[]) row)
                .map(c -> new BlockView((String) c[0], (String) c[1], (String) c[2], NativeQueries.instant(c[3]))).toList();
    }

    private Set<String> ids(String sql, String userId) {
        List<?> rows = NativeQueries.withParameters(em, sql, userId).getResultList();
        return rows.stream().map(String.class::cast).collect(Collectors.toUnmodifiableSet());
    }
}
