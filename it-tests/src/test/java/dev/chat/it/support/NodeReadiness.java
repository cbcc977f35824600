package dev.chat.it.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/** Waits until a node answers /health/ready with 200, as a load balancer would before routing to it. */
public final class NodeReadiness {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private NodeReadiness() {
    }

    public static HttpResponse<String> readiness(URI base) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve("/health/ready")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public static void awaitReady(URI base) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> readiness(base).statusCode() == 200);
    }
}
