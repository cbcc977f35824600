/** Cursors and snippets of search results. */
package dev.chat.search.control;
