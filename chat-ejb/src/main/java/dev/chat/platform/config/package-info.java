/** Configuration the platform computes itself (node identity); everything else is plain MP Config. */
package dev.chat.platform.config;
