/** Blocking and unblocking, and what every other feature asks: whom a user blocked, who blocked a sender. */
package dev.chat.block.boundary;
