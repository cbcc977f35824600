package dev.chat.moderation.control;

import dev.chat.api.codec.ChatJson;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * A classification service of the deployment's (docs/moderation.md, "HTTP classifier"): each
 * message is POSTed as JSON {@code {messageId, roomId, senderId, text}}; the service answers 200
 * with {@code {flagged, reason?, score?}}. A message is flagged when {@code flagged} is true and its
 * score (1 when absent) reaches {@code minScore}. A call that fails, answers another status or
 * takes longer than the timeout counts against the {@link CircuitBreaker}; while it is open the
 * service is not called at all. Either way the message is not judged by this classifier
 * ({@link ClassifierUnavailable}).
 */
public final class HttpClassifier implements Classifier {
    public static final String NAME = "http";

    /** The request's body. */
    public record Request(String messageId, String roomId, String senderId, String text) {
    }

    /** The answer's body. */
    public record Answer(Boolean flagged, String reason, Double score) {
    }

    private final HttpClient client;
    private final URI url;
    private final Duration timeout;
    private final double minScore;
    private final CircuitBreaker breaker;

    public HttpClassifier(HttpClient client, URI url, Duration timeout, double minScore, CircuitBreaker breaker) {
        this.client = client;
        this.url = url;
        this.timeout = timeout;
        this.minScore = minScore;
        this.breaker = breaker;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Verdict> classify(Candidate message) {
        if (!breaker.allows()) {
            throw new ClassifierUnavailable("circuit open after failures of " + url, false, null);
        }
        Answer answer;
        try {
            String body = ChatJson.instance().encodeBody(new Request(message.messageId(), message.roomId(), message.senderId(), message.text()));
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(url).timeout(timeout)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("answered " + response.statusCode());
            }
            answer = ChatJson.instance().decodeBody(response.body(), Answer.class);
        } catch (IOException | RuntimeException e) {
            throw unavailable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        }
        breaker.succeeded();
        double score = answer.score() == null ? 1 : answer.score();
        return Boolean.TRUE.equals(answer.flagged()) && score >= minScore
                ? Optional.of(new Verdict(answer.reason(), score, NAME)) : Optional.empty();
    }

    public CircuitBreaker.State circuit() {
        return breaker.state();
    }

    private ClassifierUnavailable unavailable(Exception cause) {
        boolean opened = breaker.failed();
        return new ClassifierUnavailable(url + " did not classify: " + cause + (opened ? "; its circuit is open for a while" : ""), opened, cause);
    }
}
