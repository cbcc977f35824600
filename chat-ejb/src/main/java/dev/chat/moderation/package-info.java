/**
 * Moderation (docs/moderation.md): a stage on the stored stream (consumer group
 * {@code chat-moderation}) hands each new or edited message to the configured classifiers (rules:
 * denied words, links, flood; an HTTP service); a flagged message is recorded, announced as
 * {@code chat.message.flagged.v1} in its room's timeline and, by default, hidden (members get
 * {@code MESSAGE_HIDDEN}, history a placeholder). Room owners and admins, and the global
 * moderators a setting names, review the flags: restore or delete.
 */
package dev.chat.moderation;
