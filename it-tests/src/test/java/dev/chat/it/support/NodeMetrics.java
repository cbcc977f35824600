package dev.chat.it.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads a node's {@code /metrics} (Prometheus text), as a scraper would. */
public final class NodeMetrics {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private NodeMetrics() {
    }

    /** The value of the first sample named {@code name} (whatever its labels); fails when the node does not export it. */
    public static double value(URI base, String name) {
        return value(base, name, new String[0]);
    }

    /**
     * The value of the first sample named {@code name} whose labels include each of {@code labels}
     * (as written: {@code code="RATE_LIMITED"}); fails when the node exports none.
     */
    public static double value(URI base, String name, String... labels) {
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.eE+-]+|NaN)$").matcher(text(base));
        while (sample.find()) {
            String found = sample.group(1) == null ? "" : sample.group(1);
            if (Arrays.stream(labels).allMatch(found::contains)) {
                return Double.parseDouble(sample.group(2));
            }
        }
        throw new AssertionError(name + " with " + Arrays.toString(labels) + " not in " + base + "metrics");
    }

    /** The whole exposition. */
    public static String text(URI base) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET /metrics").isEqualTo(200);
            return response.body();
        } catch (Exception e) {
            throw new AssertionError("could not read " + base + "metrics", e);
        }
    }
}
