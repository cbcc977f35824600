/**
 * Notifications for people who are not connected: per member settings (all, mentions, none,
 * muted until), the notifier that decides per recipient and message from the stored stream, and
 * the delivery of per user digests by Web Push and a webhook.
 */
package dev.chat.notification;
