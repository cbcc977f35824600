/**
 * Blocks between users: a blocker receives a blocked user's messages as placeholders (live,
 * history, resume), counts none of them unread, finds none in search, is not notified of them, and
 * no direct room can be made between the two (docs/rest-api.md, "Blocks").
 */
package dev.chat.block;
