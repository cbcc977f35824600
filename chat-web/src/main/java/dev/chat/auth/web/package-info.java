/** The REST edge of auth (JAX-RS resources in chat-web); the business entry points are in {@code dev.chat.auth.boundary} (chat-ejb). A package of its own: in the EAR the two modules are different runtime packages. */
package dev.chat.auth.web;
