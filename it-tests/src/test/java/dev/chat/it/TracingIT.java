package dev.chat.it;

import dev.chat.api.frame.Ack;
import dev.chat.api.frame.MessageDelivered;
import dev.chat.api.frame.SendMessage;
import dev.chat.it.support.ApiClient;
import dev.chat.it.support.ChatClient;
import dev.chat.it.support.ClusterNodes;
import dev.chat.it.support.OwnNode;
import dev.chat.it.support.StackControl;
import dev.chat.it.support.TestUser;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tracing as an operator turns it on (docs/observability.md): two nodes export to the stack's trace
 * viewer (Zipkin), and one message sent on the first to a member on the second is one trace, read
 * back from Zipkin's API: the frame, the Redis reservation, the Kafka send, the persister's
 * processing and its PostgreSQL transaction, and the fan-out on each node. The first node keeps
 * every trace it begins; the second keeps none it begins itself (its sampler follows a parent's
 * decision only), so a message sent there leaves no span anywhere.
 */
@OwnNode("two nodes that export spans to the trace viewer")
@Tag("heavy")
class TracingIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TRACES = "http://127.0.0.1:" + System.getenv("CHAT_TRACES_PORT");

    private static ClusterNodes nodes;

    @BeforeAll
    static void startTheTraceViewerAndTwoTracedNodes() throws Exception {
        StackControl.start("traces");
        String name = "chat-traced-" + Long.toHexString(System.nanoTime());
        // environment variables, as an operator would: the application sets these keys (docs/observability.md)
        Map<String, String> traced = Map.of("OTEL_SDK_DISABLED", "false", "OTEL_EXPORTER_ZIPKIN_ENDPOINT", TRACES + "/api/v2/spans");
        nodes = ClusterNodes.start(2, name, Map.of(
                        0, with(with(traced, "OTEL_TRACES_SAMPLER", "always_on"), "CHAT_LOG_FORMAT", "json"),
                        1, with(traced, "OTEL_TRACES_SAMPLER", "parentbased_always_off")),
                Map.of(), "-Dotel.bsp.schedule.delay=200");
    }

    private static Map<String, String> with(Map<String, String> settings, String name, String value) {
        Map<String, String> more = new java.util.HashMap<>(settings);
        more.put(name, value);
        return more;
    }

    @AfterAll
    static void stopThem() {
        if (nodes != null) {
            nodes.close();
        }
        StackControl.stop("traces");
    }

    @Test
    void aMessageSentThroughTwoNodesIsOneTraceFromTheFrameToEachNodesFanOut() throws Exception {
        URI first = nodes.node(0).base();
        URI second = nodes.node(1).base();
        ApiClient api = new ApiClient(first);
        TestUser alice = TestUser.register(api, "alice");
        TestUser bob = TestUser.register(api, "bob");
        String room = alice.createGroup(api, "traced", bob).id();

        String traced;
        String untraced;
        try (ChatClient aliceSession = alice.connect(first); ChatClient bobSession = bob.connect(second)) {
            aliceSession.send(new SendMessage(room, "follow me", "traced-1", null));
            traced = aliceSession.await(Ack.class, ack -> ack.clientMsgId().equals("traced-1")).messageId();
            bobSession.await(MessageDelivered.class, message -> message.messageId().equals(traced));

            bobSession.send(new SendMessage(room, "nobody follows this one", "untraced-1", null));
            untraced = bobSession.await(Ack.class, ack -> ack.clientMsgId().equals("untraced-1")).messageId();
            aliceSession.await(MessageDelivered.class, message -> message.messageId().equals(untraced));
        }

        String firstNode = nodes.node(0).name();
        String secondNode = nodes.node(1).name();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<JsonArray> found = tracesTagged("chat.message_id=" + traced);
            assertThat(found).as("one trace holds the message's spans").hasSize(1);
            List<JsonObject> spans = found.get(0).getValuesAs(JsonObject.class);
            assertThat(spans).extracting(span -> span.getString("name"))
                    .contains("send_message", "redis reserve", "chat.messages publish", "chat.messages process", "postgresql store", "fan-out",
                            "websocket send");
            assertThat(spans.stream().filter(span -> span.getString("name").equals("websocket send"))
                    .filter(span -> span.getJsonObject("tags").getString("chat.user_id").equals(bob.id())).map(TracingIT::nodeOf))
                    .as("the write to bob's socket, on the node he is connected to").containsExactly(secondNode);
            assertThat(spans.stream().filter(span -> span.getString("name").equals("fan-out")).map(TracingIT::nodeOf)
                    .collect(Collectors.toSet())).as("a fan-out on each node").isEqualTo(Set.of(firstNode, secondNode));
            JsonObject frame = spans.stream().filter(span -> span.getString("name").equals("send_message")).findFirst().orElseThrow();
            assertThat(frame.containsKey("parentId")).as("the frame begins the trace").isFalse();
            assertThat(nodeOf(frame)).isEqualTo(firstNode);
            assertThat(frame.getJsonObject("tags").getString("chat.room_id")).isEqualTo(room);
            assertThat(frame.getJsonObject("tags").getString("chat.user_id")).isEqualTo(alice.id());
            JsonObject stored = spans.stream().filter(span -> span.getString("name").equals("chat.messages process")).findFirst().orElseThrow();
            assertThat(stored.getJsonObject("tags").getString("chat.seq")).isNotBlank();
        });
        assertThat(tracesNamed("websocket handshake")).as("the handshakes on the first node").isNotEmpty();
        // the second node begins no trace of its own, so its message has no span on either node
        assertThat(tracesTagged("chat.message_id=" + untraced)).isEmpty();
    }

    @Test
    void aLineLoggedInsideATraceIsJsonNamingTheTraceAndSpan() throws Exception {
        URI first = nodes.node(0).base();
        TestUser carol = TestUser.register(new ApiClient(first), "carol"); // the registration logs a line, inside the request's span

        JsonObject registered = await().atMost(Duration.ofSeconds(10)).until(() -> jsonLines(nodes.node(0).logText()).stream()
                .filter(line -> line.getString("LogMessage", "").startsWith("Registered user " + carol.id()))
                .findFirst().orElse(null), line -> line != null);
        assertThat(registered.getString("LoggerName")).isEqualTo("dev.chat.auth.boundary.Accounts");
        assertThat(registered.getString("Level")).isEqualTo("INFO");
        assertThat(registered.getString("traceId")).matches("[0-9a-f]{32}");
        assertThat(registered.getString("spanId")).matches("[0-9a-f]{16}");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            HttpResponse<String> trace = HTTP.send(HttpRequest.newBuilder(URI.create(TRACES + "/api/v2/trace/" + registered.getString("traceId")))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(trace.statusCode()).as("the trace the line names, in the trace viewer").isEqualTo(200);
            assertThat(trace.body()).contains(registered.getString("spanId"));
        });
    }

    /** The lines of a node's log that are JSON objects (CHAT_LOG_FORMAT=json: all but the launcher's first words). */
    private static List<JsonObject> jsonLines(String log) {
        return log.lines().filter(line -> line.startsWith("{"))
                .map(line -> Json.createReader(new StringReader(line)).readObject()).toList();
    }

    private static String nodeOf(JsonObject span) {
        return span.getJsonObject("tags").getString("chat.node");
    }

    private static List<JsonArray> tracesTagged(String annotationQuery) throws Exception {
        return traces("annotationQuery=" + URLEncoder.encode(annotationQuery, StandardCharsets.UTF_8));
    }

    private static List<JsonArray> tracesNamed(String spanName) throws Exception {
        return traces("spanName=" + URLEncoder.encode(spanName, StandardCharsets.UTF_8));
    }

    /** Zipkin's trace search, the last 10 minutes of service "chat". */
    private static List<JsonArray> traces(String query) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(TRACES + "/api/v2/traces?serviceName=chat&lookback=600000&limit=20&"
                + query)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.createReader(new StringReader(response.body())).readArray().getValuesAs(JsonValue::asJsonArray);
    }
}
