package dev.chat.it.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads one value from a node's {@code /metrics} (Prometheus text), as a scraper would. */
public final class NodeMetrics {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private NodeMetrics() {
    }

    /** The value of the first sample named {@code name} (whatever its labels); fails when the node does not export it. */
    public static double value(URI base, String name) {
        try {
            String metrics = HTTP.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.eE+-]+)").matcher(metrics);
            assertThat(sample.find()).as("%s in /metrics", name).isTrue();
            return Double.parseDouble(sample.group(2));
        } catch (Exception e) {
            throw new AssertionError("could not read " + name + " from " + base + "/metrics", e);
        }
    }
}
