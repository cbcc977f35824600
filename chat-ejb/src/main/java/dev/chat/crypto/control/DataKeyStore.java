package dev.chat.crypto.control;

import dev.chat.platform.persistence.NativeQueries;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Table {@code user_data_keys}: each user's data key, wrapped ({@link Sealed}) by the master key
 * of {@code master_version}. Deleting a user's rows is the crypto-shredding of their content.
 */
@Stateless
public class DataKeyStore {

    /** A user's data key as stored: {@code wrapped} opens with master key {@code masterVersion}. */
    public record Wrapped(String userId, int version, int masterVersion, String wrapped) {
    }

    @PersistenceContext(unitName = "chat")
    EntityManager em;

    /** Every data key of the user (none: never sealed anything, or shredded). */
    public List<Wrapped> of(String userId) {
        return rows("SELECT user_id, version, master_version, wrapped_key FROM user_data_keys WHERE user_id = ?1", userId);
    }

    /**
     * Stores a user's first data key in a transaction of its own (a concurrent first seal of the
     * same user loses quietly and reads the winner's), unless the account is deleted. The account's
     * row is read {@code FOR SHARE}: a deletion in progress is waited for (and then no key is made),
     * and a deletion that comes after waits for this key, which its shredding then removes.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void createFirst(Wrapped key, Instant at) {
        NativeQueries.withParameters(em, "INSERT INTO user_data_keys (user_id, version, master_version, wrapped_key, created_at)"
                        + " SELECT ?1, ?2, ?3, ?4, ?5 FROM users WHERE id = ?1 AND deleted_at IS NULL FOR SHARE ON CONFLICT DO NOTHING",
                key.userId(), key.version(), key.masterVersion(), key.wrapped(), at.atOffset(ZoneOffset.UTC)).executeUpdate();
    }

    /** Deletes every data key of the user: what was sealed with them no longer opens, wherever it is. */
    public int shred(String userId) {
        return NativeQueries.withParameters(em, "DELETE FROM user_data_keys WHERE user_id = ?1", userId).executeUpdate();
    }

    /**
     * Re-wraps up to {@code limit} data keys wrapped by another master key than the active one
     * (a rotation), in one transaction; rows another node is re-wrapping are skipped, and so are
     * rows wrapped by a master key this node does not have (a node whose configuration is behind).
     *
     * @return how many it re-wrapped
     */
    public int rewrap(MasterKeys masters, int limit) {
        String known = masters.versions().stream().map(String::valueOf).collect(Collectors.joining(", "));
        List<Wrapped> old = rows("SELECT user_id, version, master_version, wrapped_key FROM user_data_keys"
                + " WHERE master_version <> ?1 AND master_version IN (" + known + ")"
                + " ORDER BY user_id, version LIMIT ?2 FOR UPDATE SKIP LOCKED", masters.activeVersion(), limit);
        for (Wrapped key : old) {
            Wrapped again = DataKeys.wrap(masters, key.userId(), key.version(), DataKeys.unwrap(masters, key).getEncoded());
            NativeQueries.withParameters(em, "UPDATE user_data_keys SET master_version = ?3, wrapped_key = ?4 WHERE user_id = ?1 AND version = ?2",
                    again.userId(), again.version(), again.masterVersion(), again.wrapped()).executeUpdate();
        }
        return old.size();
    }

    private List<Wrapped> rows(String sql, Object... parameters) {
        List<?> rows = NativeQueries.withParameters(em, sql, parameters).getResultList();
        return rows.stream().map(row -> (Object[]) row).map(c -> new Wrapped((String) c[0], ((Number) c[1]).intValue(),
                ((Number) c[2]).intValue(), (String) c[3])).toList();
    }
}
