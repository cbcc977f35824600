package dev.chat.moderation.control;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against a real HTTP server on loopback standing in for the deployment's classification service. */
class HttpClassifierTest {
    private HttpServer server;
    private final AtomicReference<String> answer = new AtomicReference<>();
    private final AtomicReference<String> lastRequest = new AtomicReference<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger delayMs = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();
    private HttpClassifier classifier;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/classify", exchange -> {
            calls.incrementAndGet();
            lastRequest.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            try {
                Thread.sleep(delayMs.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = answer.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
        classifier = new HttpClassifier(HttpClient.newHttpClient(),
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/classify"), Duration.ofMillis(300), 0.8,
                new CircuitBreaker(2, 60_000, System::currentTimeMillis));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static Classifier.Candidate message(String text) {
        return new Classifier.Candidate("m1", "r1", "u1", text, Instant.parse("2026-12-02T10:00:00Z"), false);
    }

    @Test
    void flagsWhatTheServiceFlagsAtOrAboveTheMinimumScore() {
        answer.set("{\"flagged\":true,\"reason\":\"toxicity\",\"score\":0.93}");

        assertThat(classifier.classify(message("you are awful"))).get().isEqualTo(new Classifier.Verdict("toxicity", 0.93, "http"));
        assertThat(lastRequest.get()).contains("\"messageId\":\"m1\"", "\"roomId\":\"r1\"", "\"senderId\":\"u1\"", "\"text\":\"you are awful\"");

        answer.set("{\"flagged\":true,\"reason\":\"maybe\",\"score\":0.5}");
        assertThat(classifier.classify(message("hmm"))).as("below chat.moderation.http.min-score").isEmpty();
        answer.set("{\"flagged\":false}");
        assertThat(classifier.classify(message("hello"))).isEmpty();
    }

    @Test
    void failuresAndSlowAnswersLeaveTheMessageUnjudgedAndOpenTheCircuit() {
        status.set(500);
        answer.set("{}");
        assertThatThrownBy(() -> classifier.classify(message("a"))).isInstanceOf(Classifier.ClassifierUnavailable.class)
                .satisfies(e -> assertThat(((Classifier.ClassifierUnavailable) e).circuitOpened()).isFalse());

        status.set(200);
        answer.set("{\"flagged\":false}");
        delayMs.set(1_000); // longer than the 300 ms timeout
        assertThatThrownBy(() -> classifier.classify(message("b"))).isInstanceOf(Classifier.ClassifierUnavailable.class)
                .satisfies(e -> assertThat(((Classifier.ClassifierUnavailable) e).circuitOpened()).as("second failure in a row").isTrue());
        assertThat(classifier.circuit()).isEqualTo(CircuitBreaker.State.OPEN);

        int before = calls.get();
        delayMs.set(0);
        assertThatThrownBy(() -> classifier.classify(message("c"))).isInstanceOf(Classifier.ClassifierUnavailable.class);
        assertThat(calls.get()).as("an open circuit calls nobody").isEqualTo(before);
    }

    @Test
    void anAnswerThatIsNotJsonCountsAsAFailure() {
        answer.set("<html>oops</html>");

        assertThatThrownBy(() -> classifier.classify(message("a"))).isInstanceOf(Classifier.ClassifierUnavailable.class);
    }
}
