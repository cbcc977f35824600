/**
 * Search: messages of the rooms a user is a member of now, by words (PostgreSQL full-text search
 * over an index the database keeps with the messages), and people by a part of their name.
 */
package dev.chat.search;
