/** The moderation stage on the stored stream, the review of flags, and who may review them. */
package dev.chat.moderation.boundary;
