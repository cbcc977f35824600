package dev.chat.platform.persistence;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Brings the schema to the newest version (Flyway, {@code db/migration}) when the application
 * starts. Anything that touches the database calls {@link #ensureMigrated()} first: the container
 * runs that only after {@link #migrate()} has finished, which matters because Kafka consumers
 * start while the application is still deploying.
 * Bean-managed transactions: Flyway commits each migration itself.
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaMigration {
    private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

    @Resource(lookup = ChatDataSource.JNDI_NAME)
    DataSource dataSource;

    /** The text search configuration of the messages' search index (a PostgreSQL regconfig); fixed when V7 runs. */
    @Inject
    @ConfigProperty(name = "chat.search.language")
    String searchLanguage;

    @PostConstruct
    void migrate() {
        requireSearchLanguage(searchLanguage);
        MigrateResult result = Flyway.configure(SchemaMigration.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .placeholders(Map.of("search_language", searchLanguage))
                .load()
                .migrate();
        LOG.info(() -> "Database schema at version " + result.targetSchemaVersion
                + " (" + result.migrationsExecuted + " migrations applied now)");
    }

    /**
     * The text search configuration's name, checked: it goes into SQL as a name (the schema's, and
     * the searches', where a constant lets PostgreSQL parse the query once instead of once per row).
     */
    public static String requireSearchLanguage(String language) {
        if (language == null || !language.matches("[a-z_]+")) {
            throw new IllegalStateException("chat.search.language must be the name of a text search configuration, e.g. english: " + language);
        }
        return language;
    }

    @Lock(LockType.READ)
    public void ensureMigrated() {
        // The container calls this only after @PostConstruct completed.
    }
}
