/**
 * Rate limits: how much one user may send, counted cluster-wide in Redis, so that a client that
 * floods cannot crowd out the others whichever node it is connected to.
 */
package dev.chat.ratelimit;
