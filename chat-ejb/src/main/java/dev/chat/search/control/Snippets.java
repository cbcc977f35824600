package dev.chat.search.control;

import dev.chat.api.rest.MessageHit;

import java.util.ArrayList;
import java.util.List;

/**
 * A snippet as PostgreSQL's {@code ts_headline} marks it, cut into parts. The marks are two
 * characters of Unicode's private use area, which are taken out of the text before it is marked,
 * so that a message cannot forge a hit.
 */
public final class Snippets {
    public static final char START = '\uE000';
    public static final char STOP = '\uE001';

    private Snippets() {
    }

    public static List<MessageHit.SnippetPart> parts(String marked) {
        List<MessageHit.SnippetPart> parts = new ArrayList<>();
        if (marked == null) {
            return parts;
        }
        StringBuilder run = new StringBuilder();
        boolean hit = false;
        for (int i = 0; i < marked.length(); i++) {
            char c = marked.charAt(i);
            if (c == START || c == STOP) {
                if (!run.isEmpty()) {
                    parts.add(new MessageHit.SnippetPart(run.toString(), hit));
                    run.setLength(0);
                }
                hit = c == START;
            } else {
                run.append(c);
            }
        }
        if (!run.isEmpty()) {
            parts.add(new MessageHit.SnippetPart(run.toString(), hit));
        }
        return parts;
    }
}
