/**
 * The application's start: {@link dev.chat.platform.startup.StartsWithApplication}, the one
 * mechanism for beans that must run from the start rather than from their first use. Depends on
 * nothing, so that any package may implement it.
 */
package dev.chat.platform.startup;
