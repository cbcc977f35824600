package dev.chat.platform.health;

import dev.chat.platform.persistence.ChatDataSource;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** Ready while a pooled PostgreSQL connection answers within the timeout. */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {
    private static final int TIMEOUT_SECONDS = 2;

    @Resource(lookup = ChatDataSource.JNDI_NAME)
    DataSource dataSource;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("postgresql");
        try (Connection connection = dataSource.getConnection()) {
            return response.status(connection.isValid(TIMEOUT_SECONDS)).build();
        } catch (SQLException e) {
            return response.down().withData("error", e.getMessage()).build();
        }
    }
}
