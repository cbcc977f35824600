package dev.chat.message.control;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The usernames a message's text names as {@code @username}. A name is what registration allows
 * (3 to 32 letters, digits, '_', '.', '-'), not glued to a word or address before it
 * ({@code bob@example.com} names nobody); a sentence's full stop after it ({@code "thanks @bob."})
 * is tried both with and without. Which of them are members is the database's answer
 * ({@link MessageStore}); at most {@link #MAX_PER_MESSAGE} names count.
 */
public final class Mentions {
    public static final int MAX_PER_MESSAGE = 50;
    private static final Pattern MENTION = Pattern.compile("(?<![\\p{L}\\p{N}_.@-])@([A-Za-z0-9_.-]{3,32})");

    private Mentions() {
    }

    /** The candidate usernames, lower case, in order of appearance. */
    public static Set<String> usernamesIn(String content) {
        Set<String> names = new LinkedHashSet<>();
        if (content == null || content.indexOf('@') < 0) {
            return names;
        }
        Matcher matcher = MENTION.matcher(content);
        while (matcher.find() && names.size() < MAX_PER_MESSAGE) {
            String name = matcher.group(1).toLowerCase(Locale.ROOT);
            names.add(name);
            String trimmed = name.replaceAll("[.\\-]+$", "");
            if (trimmed.length() >= 3 && !trimmed.equals(name) && names.size() < MAX_PER_MESSAGE) {
                names.add(trimmed);
            }
        }
        return names;
    }
}
