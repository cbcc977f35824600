/**
 * Encryption at rest (docs/privacy.md, "Encryption at rest"): message content sealed with
 * AES-256-GCM under a data key per user, each data key wrapped by a versioned master key; erasing a
 * user's data keys makes every copy of their messages unreadable (crypto-shredding).
 */
package dev.chat.crypto;
