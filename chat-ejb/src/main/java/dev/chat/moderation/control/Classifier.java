package dev.chat.moderation.control;

import java.time.Instant;
import java.util.Optional;

/**
 * Judges one message. Implementations: {@link RuleClassifier} (built in) and {@link HttpClassifier}
 * (a service of the deployment's, e.g. an ML model).
 */
public interface Classifier {

    /** The name that flags carry ({@code classifier}). */
    String name();

    /**
     * @return a verdict when the message is to be flagged, empty when it passes
     * @throws ClassifierUnavailable when this classifier could not judge it (the others still do)
     */
    Optional<Verdict> classify(Candidate message);

    /** A message to judge: new ({@code edit} false) or its new content after an edit. */
    record Candidate(String messageId, String roomId, String senderId, String text, Instant at, boolean edit) {
    }

    /** Why a message is flagged: {@code reason} for the moderators, {@code score} from 0 to 1, by which classifier. */
    record Verdict(String reason, double score, String classifier) {
        /** Longest reason stored (message_flags.reason). */
        public static final int MAX_REASON = 200;

        public Verdict {
            reason = reason == null ? "" : reason.replaceAll("\\p{Cc}+", " ").strip(); // a service's reason: no NUL (PostgreSQL refuses it), no line breaks
            reason = reason.isEmpty() ? "flagged" : reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
            score = Double.isNaN(score) ? 1 : Math.max(0, Math.min(1, score));
        }
    }

    /** A classifier that could not judge a message (unreachable, too slow, its circuit open, an answer it cannot read). */
    final class ClassifierUnavailable extends RuntimeException {
        private final boolean circuitOpened;

        /** @param circuitOpened this failure opened the classifier's circuit (worth a warning: messages pass unjudged for a while) */
        public ClassifierUnavailable(String message, boolean circuitOpened, Throwable cause) {
            super(message, cause);
            this.circuitOpened = circuitOpened;
        }

        public boolean circuitOpened() {
            return circuitOpened;
        }
    }
}
