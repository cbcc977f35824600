/**
 * Threads of the application: created by the container's {@link jakarta.enterprise.concurrent.ManagedThreadFactory},
 * so they carry the application's context (class loader, naming, MP Config) from their start and
 * nothing has to be captured per task.
 */
package dev.chat.platform.concurrent;
