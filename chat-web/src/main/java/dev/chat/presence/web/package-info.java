/** The REST edge of presence (JAX-RS resources in chat-web); the business entry points are in {@code dev.chat.presence.boundary} (chat-ejb). A package of its own: in the EAR the two modules are different runtime packages. */
package dev.chat.presence.web;
