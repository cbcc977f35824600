package dev.chat.it;

import dev.chat.it.support.NodeReadiness;
import dev.chat.it.support.OwnNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What operators do with the EAR on Payara Server: drop it into the domain's autodeploy folder
 * (and replace it to redeploy), and look at the application, its JDBC pool and its monitoring
 * data through the admin REST interface (what the admin console shows).
 * Runs only in the failsafe execution "payara-server", against the domain the build started.
 */
@OwnNode("deploys the EAR itself, through the domain's autodeploy directory")
class PayaraServerAdminIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration DEPLOY_TIMEOUT = Duration.ofMinutes(3);

    private final URI admin = URI.create("http://localhost:" + System.getProperty("chat.server.admin-port") + "/");
    private final URI app = URI.create("http://localhost:" + System.getProperty("chat.server.http-port") + "/");
    private final Path autodeploy = Path.of(System.getProperty("chat.server.dir"), "chat", "autodeploy");
    private final Path ear = Path.of(System.getProperty("chat.ear"));

    @Test
    void earDroppedIntoAutodeployIsDeployedAndReplacingItRedeploys() throws Exception {
        drop(Instant.now());
        Path deployed = autodeploy.resolve("chat.ear_deployed");
        await().atMost(DEPLOY_TIMEOUT).until(() -> Files.exists(deployed));
        NodeReadiness.awaitReady(app);
        assertThat(get(admin.resolve("management/domain/applications/list-applications")).body()).contains("chat");
        FileTime firstDeployment = Files.getLastModifiedTime(deployed);

        drop(Instant.now().plusSeconds(5));

        await().atMost(DEPLOY_TIMEOUT).until(() -> Files.getLastModifiedTime(deployed).compareTo(firstDeployment) > 0);
        NodeReadiness.awaitReady(app);
    }

    @Test
    void adminInterfaceShowsTheApplicationItsPoolAndMonitoringData() throws Exception {
        drop(Instant.now());
        await().atMost(DEPLOY_TIMEOUT).until(() -> Files.exists(autodeploy.resolve("chat.ear_deployed")));
        NodeReadiness.awaitReady(app);

        assertThat(get(admin.resolve("management/domain/applications/list-applications")).body()).contains("chat");
        var ping = get(admin.resolve("management/domain/resources/ping-connection-pool?id=chat-pool"));
        assertThat(ping.statusCode()).isEqualTo(200);
        assertThat(ping.body()).contains("\"exit_code\":\"SUCCESS\"");
        var pool = get(admin.resolve("monitoring/domain/server/resources/chat-pool"));
        assertThat(pool.statusCode()).isEqualTo(200);
        assertThat(pool.body()).contains("numconnfree");
    }

    @AfterEach
    void undeploy() throws Exception {
        Path dropped = autodeploy.resolve("chat.ear");
        if (Files.deleteIfExists(dropped)) {
            await().atMost(DEPLOY_TIMEOUT).until(() -> !Files.exists(autodeploy.resolve("chat.ear_deployed"))
                    && !get(admin.resolve("management/domain/applications/list-applications")).body().contains("\"chat\""));
        }
    }

    /** Copies the EAR in atomically (the scanner must never see half a file) with the given time. */
    private void drop(Instant modified) throws Exception {
        Path partial = Files.createTempFile(autodeploy.getParent(), "chat", ".ear.part");
        Files.copy(ear, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(partial, FileTime.from(modified));
        Files.move(partial, autodeploy.resolve("chat.ear"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).header("Accept", "application/json").timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
