/** The classifiers (rules, an HTTP service behind a circuit breaker) and table {@code message_flags}. */
package dev.chat.moderation.control;
