package dev.chat.notification.control;

import dev.chat.platform.concurrent.PlainThreads;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The notifications' one HTTP client (the JDK's, asynchronous: no thread waits for a push
 * service or a webhook receiver). Its callbacks run on its own two plain threads, so whatever
 * needs the application's context goes on from there to an application thread. Redirects are not
 * followed: a push endpoint or webhook that moved is a failure to see, not a hop to take.
 */
@ApplicationScoped
public class OutboundHttp {

    @Inject
    @ConfigProperty(name = "chat.notifications.http-timeout-ms", defaultValue = "10000")
    long timeoutMs;

    private ExecutorService callbacks;
    private HttpClient client;

    @PostConstruct
    void open() {
        callbacks = Executors.newFixedThreadPool(2, PlainThreads.named("notification-http"));
        client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(timeoutMs)).executor(callbacks)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @PreDestroy
    void close() {
        callbacks.shutdownNow();
    }

    /**
     * POSTs {@code body}; completes with the response's status, or fails with a retryable
     * {@link DeliveryFailure} when the receiver could not be reached or did not answer in time.
     */
    public CompletionStage<Integer> post(URI uri, Map<String, String> headers, byte[] body, String what) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(timeoutMs))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
                .handle((response, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                        throw new DeliveryFailure(what + " unreachable: " + cause, cause instanceof IOException, cause);
                    }
                    return response.statusCode();
                });
    }
}
