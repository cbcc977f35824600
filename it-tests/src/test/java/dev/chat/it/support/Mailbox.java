package dev.chat.it.support;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mail the node sent, as the recipient's mailbox on the stack's mail server (GreenMail) has
 * it, read through its REST API ({@code it.mail-api.port}): a real SMTP round trip, nothing faked.
 */
public final class Mailbox {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    /** A mail as received: its subject and the whole message as sent (headers, both parts). */
    public record Mail(String subject, String raw) {
        /** The six-digit code the subject names. */
        public String code() {
            Matcher code = CODE.matcher(subject);
            if (!code.find()) {
                throw new AssertionError("no code in the subject: " + subject);
            }
            return code.group(1);
        }
    }

    private Mailbox() {
    }

    /** The mails of {@code address}, oldest first; none when no mail reached it yet. */
    public static List<Mail> of(String address) {
        URI uri = URI.create("http://127.0.0.1:" + Integer.getInteger("it.mail-api.port") + "/api/user/"
                + URLEncoder.encode(address, StandardCharsets.UTF_8) + "/messages");
        HttpResponse<String> response;
        try {
            response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("the mail server's API did not answer: " + uri, e);
        }
        if (response.statusCode() == 400 && response.body().contains("not found")) {
            return List.of(); // GreenMail makes a mailbox with the first mail to an address
        }
        if (response.statusCode() != 200) {
            throw new AssertionError(uri + " answered " + response.statusCode() + ": " + response.body());
        }
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            JsonArray mails = reader.readArray();
            return mails.stream().map(JsonObject.class::cast)
                    .map(mail -> new Mail(mail.getString("subject", ""), mail.getString("mimeMessage", ""))).toList();
        }
    }

    /** Waits up to 10 s for a mail to {@code address} that matches, and returns the newest such. */
    public static Mail await(String address, Predicate<Mail> matching) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            List<Mail> found = of(address).stream().filter(matching).toList();
            if (!found.isEmpty()) {
                return found.get(found.size() - 1);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no matching mail to " + address + " within 10 s; it has: " + of(address));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** A subject that contains {@code text}. */
    public static Predicate<Mail> subject(String text) {
        return mail -> mail.subject().contains(text);
    }
}
