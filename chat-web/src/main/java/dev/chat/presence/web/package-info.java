/**
 * Presence at the edge (chat-web): the REST resource, this node's heartbeat and reaper, the
 * consumer that pushes PRESENCE frames to local sessions, and the online-users gauge. The business
 * entry point is {@code dev.chat.presence.boundary} (chat-ejb). A package of its own: in the EAR
 * the two modules are different runtime packages.
 */
package dev.chat.presence.web;
