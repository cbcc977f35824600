package dev.chat.search.control;

/** A message a search found: its id and, when the search ranks, its rank. */
public record SearchHit(String messageId, Float rank) {
}
