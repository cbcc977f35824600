package dev.chat.platform.persistence;

import org.junit.jupiter.api.Test;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseRefusalTest {

    @Test
    void theSqlStateIsFoundUnderTheContainersWrappersAndInABatchsNextException() {
        var batch = new BatchUpdateException("batch entry 0 was aborted", null, 0, new int[0]);
        batch.setNextException(new SQLException("ERROR: timestamp out of range", "22008"));
        var wrapped = new RuntimeException("EJBException", new IllegalStateException("PersistenceException", batch));

        assertThat(DatabaseRefusal.sqlStateOf(wrapped)).contains("22008");
        assertThat(DatabaseRefusal.messageOf(wrapped)).isEqualTo("ERROR: timestamp out of range");
    }

    @Test
    void onlyDataAndConstraintRefusalsArePermanent() {
        assertThat(DatabaseRefusal.isPermanent("22008")).isTrue(); // value out of range
        assertThat(DatabaseRefusal.isPermanent("23505")).isTrue(); // unique violation
        assertThat(DatabaseRefusal.isPermanent("08006")).isFalse(); // connection failure
        assertThat(DatabaseRefusal.isPermanent("40001")).isFalse(); // serialization failure
        assertThat(DatabaseRefusal.isPermanent("53300")).isFalse(); // too many connections
        assertThat(DatabaseRefusal.sqlStateOf(new RuntimeException("no database here"))).isEmpty();
    }
}
