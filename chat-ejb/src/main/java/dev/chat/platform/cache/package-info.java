/** Per-node caches of database reads that every node invalidates when a change is announced. */
package dev.chat.platform.cache;
