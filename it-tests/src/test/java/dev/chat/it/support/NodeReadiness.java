package dev.chat.it.support;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.StringReader;
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

    public static HttpResponse<String> liveness(URI base) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve("/health/live")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The status (UP, DOWN) of one named check in a health response, or null if it has none of that name. */
    public static String checkStatus(HttpResponse<String> health, String name) {
        JsonObject check = check(health, name);
        return check == null ? null : check.getString("status", null);
    }

    /** One named check of a health response ({@code name}, {@code status}, {@code data}), or null. */
    public static JsonObject check(HttpResponse<String> health, String name) {
        try (var reader = Json.createReader(new StringReader(health.body()))) {
            return reader.readObject().getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                    .filter(check -> name.equals(check.getString("name", null))).findFirst().orElse(null);
        }
    }

    /** One value of a named check's data; Payara renders every value as a string. */
    public static String checkData(HttpResponse<String> health, String name, String key) {
        JsonObject check = check(health, name);
        if (check == null || !check.containsKey("data") || !check.getJsonObject("data").containsKey(key)) {
            throw new AssertionError("no " + name + "." + key + " in " + health.body());
        }
        var value = check.getJsonObject("data").get(key);
        return value instanceof jakarta.json.JsonString text ? text.getString() : value.toString();
    }

    public static void awaitReady(URI base) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> readiness(base).statusCode() == 200);
    }
}
