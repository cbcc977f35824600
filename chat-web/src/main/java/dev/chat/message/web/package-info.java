/** The REST edge of message (JAX-RS resources in chat-web); the business entry points are in {@code dev.chat.message.boundary} (chat-ejb). A package of its own: in the EAR the two modules are different runtime packages. */
package dev.chat.message.web;
