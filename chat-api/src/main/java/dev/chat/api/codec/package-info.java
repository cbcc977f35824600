/** The single JSON mapping of frames and events (JSON-B for records, JSON-P for the envelope fields). */
package dev.chat.api.codec;
