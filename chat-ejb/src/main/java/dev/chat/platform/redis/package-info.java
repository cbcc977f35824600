/** Redis as the platform uses it: one Redisson client per node. */
package dev.chat.platform.redis;
