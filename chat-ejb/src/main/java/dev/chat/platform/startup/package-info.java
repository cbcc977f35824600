/**
 * What a node does once while it starts so that its first user does not pay for it.
 */
package dev.chat.platform.startup;
