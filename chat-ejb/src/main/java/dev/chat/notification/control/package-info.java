/**
 * The rules and stores under notifications: who is to be told about a message, the decisions
 * table that makes each notification happen once, digests, and the Web Push and webhook senders.
 */
package dev.chat.notification.control;
