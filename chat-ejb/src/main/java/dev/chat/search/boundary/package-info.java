/** The searches a caller may make. */
package dev.chat.search.boundary;
