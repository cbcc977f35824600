/** What a member asked to be notified about in a room. */
package dev.chat.notification.entity;
