package dev.chat.platform.persistence;

import java.sql.SQLException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * What PostgreSQL said when it refused a statement, found in a failure however the container
 * wrapped it (EJB, JPA, a batch update). SQLState class 22 (data exception: a value out of range,
 * an invalid character) and 23 (integrity constraint violation) are refusals of the data itself:
 * retrying the same rows can never succeed. Every other class (connection lost, too many clients,
 * a deadlock, a serialization failure) may pass.
 */
public final class DatabaseRefusal {
    private DatabaseRefusal() {
    }

    /** The SQLState of the first SQL exception in the cause chain (or its next exception, for a batch). */
    public static Optional<String> sqlStateOf(Throwable failure) {
        return sqlException(failure).map(SQLException::getSQLState);
    }

    /** The database's own words, for a dead letter's reason. */
    public static String messageOf(Throwable failure) {
        return sqlException(failure).map(Throwable::getMessage).orElse(String.valueOf(failure));
    }

    public static boolean isPermanent(String sqlState) {
        return sqlState.startsWith("22") || sqlState.startsWith("23");
    }

    private static Optional<SQLException> sqlException(Throwable failure) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                SQLException withState = sql;
                while (withState.getSQLState() == null && withState.getNextException() != null) {
                    withState = withState.getNextException();
                }
                if (withState.getSQLState() != null) {
                    return Optional.of(withState);
                }
            }
        }
        return Optional.empty();
    }
}
