package dev.chat.moderation.control;

import java.text.Normalizer;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The built-in classifier: denied words (whole words, case and width folded: "SPAM", "ｓｐａｍ" and
 * "spam" alike, not "spammer"), links (to a denied host or one of its subdomains, or more links
 * than allowed in one message), and flood (a sender's messages in one room faster than allowed:
 * the one over the limit and each after it within the window). Each rule is off until configured.
 * Flood is counted by the messages' own times, per consumer: a room's messages come to one
 * consumer in order (its partition), so the count holds while the partitions stay where they are.
 */
public final class RuleClassifier implements Classifier {
    public static final String NAME = "rules";
    private static final Pattern LINK = Pattern.compile("(?i)\\b(?:https?://|www\\.)([^/\\s:?#<>\"']+)");

    /**
     * The rules: at most {@code floodMessages} per sender and room within {@code floodWindowMs} (0:
     * no flood rule), at most {@code maxLinks} links per message (0: any number);
     * {@code floodSenders} bounds the senders and rooms whose recent messages are remembered.
     */
    public record Rules(Collection<String> deniedWords, Collection<String> deniedLinkHosts, int maxLinks,
                        int floodMessages, long floodWindowMs, int floodSenders) {
    }

    private final Pattern words;
    private final Set<String> deniedHosts;
    private final int maxLinks;
    private final int floodMessages;
    private final long floodWindowMs;
    private final Map<String, Deque<Sent>> recent;

    public RuleClassifier(Rules rules) {
        List<String> folded = rules.deniedWords().stream().map(RuleClassifier::fold).map(String::strip)
                .filter(word -> !word.isEmpty()).distinct().toList();
        words = folded.isEmpty() ? null : Pattern.compile("(?<![\\p{L}\\p{N}_])(?:"
                + folded.stream().map(Pattern::quote).collect(Collectors.joining("|")) + ")(?![\\p{L}\\p{N}_])");
        deniedHosts = rules.deniedLinkHosts().stream().map(host -> host.strip().toLowerCase(Locale.ROOT))
                .filter(host -> !host.isEmpty()).collect(Collectors.toUnmodifiableSet());
        maxLinks = rules.maxLinks();
        floodMessages = rules.floodMessages();
        floodWindowMs = rules.floodWindowMs();
        int bound = Math.max(1, rules.floodSenders());
        recent = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Deque<Sent>> eldest) {
                return size() > bound;
            }
        };
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Verdict> classify(Candidate message) {
        // every new message counts towards flood, whatever else flags it
        boolean flood = floodMessages > 0 && !message.edit() && isFlood(message);
        String text = message.text() == null ? "" : message.text();
        if (words != null) {
            Matcher denied = words.matcher(fold(text));
            if (denied.find()) {
                return verdict("denied word \"" + denied.group() + "\"");
            }
        }
        if (!deniedHosts.isEmpty() || maxLinks > 0) {
            int links = 0;
            Matcher link = LINK.matcher(text);
            while (link.find()) {
                links++;
                String host = link.group(1).toLowerCase(Locale.ROOT);
                if (isDenied(host)) {
                    return verdict("link to denied host " + host);
                }
            }
            if (maxLinks > 0 && links > maxLinks) {
                return verdict(links + " links, more than " + maxLinks);
            }
        }
        if (flood) {
            return verdict("flood: more than " + floodMessages + " messages in " + floodWindowMs + " ms");
        }
        return Optional.empty();
    }

    private boolean isDenied(String host) {
        for (String denied : deniedHosts) {
            if (host.equals(denied) || host.endsWith("." + denied)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether this message is more than {@code floodMessages} of its sender's in its room within the
     * window. A message counted before (delivered again: a retry, a rebalance) is not counted twice.
     */
    private synchronized boolean isFlood(Candidate message) {
        long at = message.at().toEpochMilli();
        Deque<Sent> recentOnes = recent.computeIfAbsent(message.roomId() + '\u0000' + message.senderId(), key -> new ArrayDeque<>());
        while (!recentOnes.isEmpty() && recentOnes.peekFirst().at() <= at - floodWindowMs) {
            recentOnes.pollFirst();
        }
        if (recentOnes.stream().noneMatch(sent -> sent.messageId().equals(message.messageId()))) {
            recentOnes.addLast(new Sent(message.messageId(), at));
            if (recentOnes.size() > floodMessages + 1) {
                recentOnes.pollFirst(); // remembers no more than it needs to tell
            }
        }
        return recentOnes.size() > floodMessages;
    }

    private record Sent(String messageId, long at) {
    }

    private static Optional<Verdict> verdict(String reason) {
        return Optional.of(new Verdict(reason, 1.0, NAME));
    }

    /** Compatibility forms folded (full-width, ligatures) and lower case: how words are compared. */
    static String fold(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }
}
