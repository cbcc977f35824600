package dev.chat.platform.mail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The texts of mails, from template files on the class path: {@code mail/<name>.txt} (first line
 * {@code Subject: …}, then the plain text) and {@code mail/<name>.html} (the same, as HTML).
 * {@code ${name}} stands for a value; in the HTML the values are escaped.
 */
public final class MailTemplates {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-zA-Z]+)}");

    /** A mail ready to send. */
    public record Mail(String subject, String text, String html) {
    }

    private MailTemplates() {
    }

    /** @throws IllegalArgumentException when a template or a value it names is missing */
    public static Mail render(String name, Map<String, String> values) {
        String text = read("mail/" + name + ".txt");
        String html = read("mail/" + name + ".html");
        int lineEnd = text.indexOf('\n');
        if (!text.startsWith("Subject: ") || lineEnd < 0) {
            throw new IllegalArgumentException("mail/" + name + ".txt must begin with a 'Subject: ' line");
        }
        String subject = fill(text.substring("Subject: ".length(), lineEnd).strip(), values, false);
        return new Mail(subject, fill(text.substring(lineEnd + 1).stripLeading(), values, false), fill(html, values, true));
    }

    private static String fill(String template, Map<String, String> values, boolean html) {
        Matcher placeholder = PLACEHOLDER.matcher(template);
        StringBuilder filled = new StringBuilder();
        while (placeholder.find()) {
            String value = values.get(placeholder.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no value for ${" + placeholder.group(1) + "}");
            }
            placeholder.appendReplacement(filled, Matcher.quoteReplacement(html ? escape(value) : value));
        }
        return placeholder.appendTail(filled).toString();
    }

    private static String escape(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }

    private static String read(String resource) {
        try (InputStream in = MailTemplates.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no mail template " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
