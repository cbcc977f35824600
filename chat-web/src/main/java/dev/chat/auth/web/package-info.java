/**
 * Auth at the edge (chat-web): the REST resources and the filter that refuses tokens of deleted
 * accounts; the business entry points are in {@code dev.chat.auth.boundary} (chat-ejb). A package
 * of its own: in the EAR the two modules are different runtime packages.
 */
package dev.chat.auth.web;
