/** {@code /api/v1/moderation}: the review of flagged messages (docs/rest-api.md, "Moderation"). */
package dev.chat.moderation.web;
