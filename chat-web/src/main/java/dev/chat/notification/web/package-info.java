/** {@code /api/v1/rooms/{roomId}/notifications} and {@code /api/v1/notifications/push}: settings and push subscriptions. */
package dev.chat.notification.web;
