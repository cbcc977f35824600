/**
 * Platform pieces that must live in the web module: it sees the beans of both modules (in the
 * EAR the EJB module does not see the web module's).
 */
package dev.chat.platform.web;
