package dev.chat.it.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Where the test stack runs. The build starts it (server-config/bin/stack) and hands the same
 * environment variables to the tests and to the Payara Micro node under test.
 */
public final class TestEnvironment {
    private TestEnvironment() {
    }

    public static String kafkaBootstrapServers() {
        return required("KAFKA_BOOTSTRAP_SERVERS");
    }

    public static java.net.URI redisAddress() {
        return java.net.URI.create(required("CHAT_REDIS_ADDRESS"));
    }

    public static String signingKeyLocation() {
        return required("CHAT_AUTH_SIGNING_KEY_LOCATION");
    }

    public static Connection openDatabase() throws SQLException {
        String url = "jdbc:postgresql://" + required("CHAT_DB_HOST") + ":" + required("CHAT_DB_PORT") + "/" + required("CHAT_DB_NAME");
        return DriverManager.getConnection(url, required("CHAT_DB_USER"), required("CHAT_DB_PASSWORD"));
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: run the tests through Maven (./mvnw verify), which starts the stack");
        }
        return value;
    }
}
