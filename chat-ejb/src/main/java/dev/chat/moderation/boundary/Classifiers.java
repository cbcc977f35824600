package dev.chat.moderation.boundary;

import dev.chat.moderation.control.CircuitBreaker;
import dev.chat.moderation.control.Classifier;
import dev.chat.moderation.control.HttpClassifier;
import dev.chat.moderation.control.RuleClassifier;
import dev.chat.platform.concurrent.PlainThreads;
import dev.chat.platform.config.Settings;
import dev.chat.platform.startup.StartsWithApplication;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The classifiers {@code chat.moderation.classifiers} names, in that order: the first verdict
 * flags a message. The rules judge a batch in its order (flood counts it); the HTTP classifier's
 * calls for the batch run side by side, at most {@code chat.moderation.http.concurrency} at a
 * time. A classifier that cannot judge a message lets it pass (counted in
 * {@code chat_moderation_unclassified_total}, logged when its circuit opens): moderation never
 * holds up the room.
 */
@ApplicationScoped
public class Classifiers implements StartsWithApplication {
    private static final Logger LOG = Logger.getLogger(Classifiers.class.getName());

    @Inject
    @ConfigProperty(name = "chat.moderation.enabled") // default in microprofile-config.properties (it also switches the channel)
    boolean enabled;

    @Inject
    @ConfigProperty(name = "chat.moderation.classifiers", defaultValue = RuleClassifier.NAME)
    List<String> names;

    @Inject
    @ConfigProperty(name = "chat.moderation.rules.denied-words")
    Optional<String> deniedWords; // comma-separated: Settings.commaList

    @Inject
    @ConfigProperty(name = "chat.moderation.rules.denied-link-hosts")
    Optional<String> deniedLinkHosts;

    @Inject
    @ConfigProperty(name = "chat.moderation.rules.max-links", defaultValue = "0")
    int maxLinks;

    @Inject
    @ConfigProperty(name = "chat.moderation.rules.flood-messages", defaultValue = "0")
    int floodMessages;

    @Inject
    @ConfigProperty(name = "chat.moderation.rules.flood-window-ms", defaultValue = "10000")
    long floodWindowMs;

    @Inject
    @ConfigProperty(name = "chat.moderation.http.url")
    Optional<String> httpUrl;

    @Inject
    @ConfigProperty(name = "chat.moderation.http.timeout-ms", defaultValue = "1000")
    long httpTimeoutMs;

    @Inject
    @ConfigProperty(name = "chat.moderation.http.min-score", defaultValue = "0.8")
    double httpMinScore;

    @Inject
    @ConfigProperty(name = "chat.moderation.http.failure-threshold", defaultValue = "5")
    int httpFailureThreshold;

    @Inject
    @ConfigProperty(name = "chat.moderation.http.open-ms", defaultValue = "30000")
    long httpOpenMs;

    @Inject
    @ConfigProperty(name = "chat.moderation.http.concurrency", defaultValue = "8")
    int httpConcurrency;

    @Inject
    MetricRegistry metrics;

    private RuleClassifier rules;
    private HttpClassifier http;
    private ExecutorService httpCalls;
    private Counter unclassified;
    private final List<Classifier> inOrder = new ArrayList<>();

    @PostConstruct
    void create() {
        unclassified = metrics.counter(Metadata.builder().withName("chat_moderation_unclassified_total")
                .withDescription("Messages a classifier could not judge (unreachable, too slow, circuit open): they passed").build());
        if (!enabled) {
            return;
        }
        // built while the application starts: a setting that names no classifier fails the deployment, not the first batch
        for (String name : names) {
            switch (name.strip()) {
                case RuleClassifier.NAME -> {
                    rules = new RuleClassifier(new RuleClassifier.Rules(Settings.commaList(deniedWords), Settings.commaList(deniedLinkHosts),
                            maxLinks, floodMessages, floodWindowMs, 100_000));
                    inOrder.add(rules);
                }
                case HttpClassifier.NAME -> {
                    URI url = URI.create(httpUrl.orElseThrow(() -> new IllegalStateException(
                            "chat.moderation.classifiers names http: chat.moderation.http.url is required")).strip());
                    httpCalls = Executors.newFixedThreadPool(Math.max(1, httpConcurrency), PlainThreads.named("moderation-http"));
                    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(httpTimeoutMs))
                            .followRedirects(HttpClient.Redirect.NEVER).build();
                    http = new HttpClassifier(client, url, Duration.ofMillis(httpTimeoutMs), httpMinScore,
                            new CircuitBreaker(httpFailureThreshold, httpOpenMs, System::currentTimeMillis));
                    inOrder.add(http);
                }
                default -> throw new IllegalStateException("chat.moderation.classifiers: unknown classifier '" + name.strip()
                        + "' (rules, http)");
            }
        }
    }

    @PreDestroy
    void close() {
        if (httpCalls != null) {
            httpCalls.shutdownNow();
        }
    }

    /**
     * Judges a batch, in its order.
     *
     * @return the flagged messages with their verdicts, in the batch's order
     */
    public Map<Classifier.Candidate, Classifier.Verdict> classify(List<Classifier.Candidate> batch) throws InterruptedException {
        Map<Classifier.Candidate, Classifier.Verdict> flagged = new LinkedHashMap<>();
        List<Classifier.Candidate> open = new ArrayList<>(batch);
        for (Classifier classifier : inOrder) {
            if (classifier == http) {
                flagged.putAll(classifyConcurrently(open));
            } else {
                for (Classifier.Candidate message : batch) { // all of them: the rules count every message (flood)
                    judge(classifier, message).ifPresent(verdict -> flagged.putIfAbsent(message, verdict));
                }
            }
            open.removeIf(flagged::containsKey);
        }
        // in the batch's order, whichever classifier found what
        Map<Classifier.Candidate, Classifier.Verdict> ordered = new LinkedHashMap<>();
        batch.stream().filter(flagged::containsKey).forEach(message -> ordered.put(message, flagged.get(message)));
        return ordered;
    }

    private Map<Classifier.Candidate, Classifier.Verdict> classifyConcurrently(List<Classifier.Candidate> messages) throws InterruptedException {
        Map<Classifier.Candidate, Future<Optional<Classifier.Verdict>>> calls = new LinkedHashMap<>();
        for (Classifier.Candidate message : messages) {
            calls.put(message, httpCalls.submit(() -> judge(http, message)));
        }
        Map<Classifier.Candidate, Classifier.Verdict> flagged = new LinkedHashMap<>();
        for (var call : calls.entrySet()) {
            try {
                call.getValue().get().ifPresent(verdict -> flagged.put(call.getKey(), verdict));
            } catch (ExecutionException e) { // judge() lets nothing through but errors
                LOG.log(Level.SEVERE, "The HTTP classifier failed on message " + call.getKey().messageId(), e.getCause());
                unclassified.inc();
            }
        }
        return flagged;
    }

    private Optional<Classifier.Verdict> judge(Classifier classifier, Classifier.Candidate message) {
        try {
            return classifier.classify(message);
        } catch (Classifier.ClassifierUnavailable e) {
            unclassified.inc();
            LOG.log(e.circuitOpened() ? Level.WARNING : Level.FINE, "Classifier {0} let message {1} pass unjudged: {2}",
                    new Object[]{classifier.name(), message.messageId(), e.getMessage()});
            return Optional.empty();
        }
    }
}
