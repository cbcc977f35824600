/**
 * Notifications as the application offers them: settings and push subscriptions for REST, the
 * notifier (consumer group {@code chat-notifier} on {@code chat.messages.stored}), the checks of
 * unread mentions, and the delivery (consumer group {@code chat-notification-delivery} on
 * {@code chat.notifications}).
 */
package dev.chat.notification.boundary;
