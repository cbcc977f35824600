/** Read receipts: how far each member has read a room, and the unread counts that follow from it. */
package dev.chat.receipt;
