package dev.chat.platform.concurrent;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one way this application makes threads outside the container's managed pools (listed in
 * docs/architecture.md, "Container workarounds"): daemon threads named {@code <name>-<n>}, for
 * work that blocks (the outage buffer's flusher waits for Kafka) or runs on every frame (Tyrus's
 * timers; session writes when Grizzly's own kind of thread cannot be made), where a managed thread's context capture costs more than the work.
 * They carry no application context: their tasks must not look up CDI beans, JNDI or MP Config;
 * work that needs those goes to {@link ApplicationThreads}.
 */
public final class PlainThreads {
    private PlainThreads() {
    }

    public static ThreadFactory named(String name) {
        AtomicInteger number = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
