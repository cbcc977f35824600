/** The REST API's application class, its error mapping and its account check. */
package dev.chat.platform.rest;
