/** {@code /api/v1/search}: messages and people. */
package dev.chat.search.web;
