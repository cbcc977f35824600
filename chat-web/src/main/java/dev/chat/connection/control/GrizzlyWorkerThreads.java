package dev.chat.connection.control;

import dev.chat.platform.concurrent.PlainThreads;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writer threads that Grizzly takes for its own workers. A frame written to an upgraded
 * connection passes Grizzly's HTTP output buffer, which copies a frame smaller than the response
 * buffer into a new 8 KiB buffer: on Grizzly's own worker threads that buffer is carved from a
 * thread-local pool and trimmed back to the frame's size, on any other thread it is a fresh
 * {@code byte[8192]} per frame. From the application's plain writer threads that was the largest
 * allocation of a busy node (3 GB in one profiled minute at 15,000 deliveries/s) and half of what
 * idle connections cost (the PONGs' garbage kept the collector busy: docs/benchmarks.md).
 * <p>
 * So the writers are made as Grizzly's {@code DefaultWorkerThread}, each with its own memory pool
 * from Grizzly's default memory manager. Grizzly is not visible to the application's class
 * loader on Payara Server, its threads are: the class is taken from a running Grizzly worker. If
 * none is found or the class has changed, plain threads are made and a WARNING says so; the mode
 * shows on {@code /health/live} ({@code writer-threads}). Off by {@code chat.ws.grizzly-writer-threads=false}.
 */
public final class GrizzlyWorkerThreads {
    private static final Logger LOG = Logger.getLogger(GrizzlyWorkerThreads.class.getName());
    static final String WORKER_THREAD = "org.glassfish.grizzly.threadpool.DefaultWorkerThread";

    /** What kind of threads write frames. */
    public enum Mode { GRIZZLY, PLAIN }

    /** The threads' factory and what it makes. */
    public record Factory(ThreadFactory threads, Mode mode) {
    }

    private GrizzlyWorkerThreads() {
    }

    /** Daemon threads named {@code <name>-<n>}: Grizzly workers when {@code enabled} and possible, plain threads otherwise. */
    public static Factory named(String name, boolean enabled) {
        if (!enabled) {
            return new Factory(PlainThreads.named(name), Mode.PLAIN);
        }
        Class<?> workerClass = runningWorkerClass();
        if (workerClass == null) {
            LOG.warning(() -> "No Grizzly worker thread is running: frames are written from plain threads (an 8 KiB buffer per frame)");
            return new Factory(PlainThreads.named(name), Mode.PLAIN);
        }
        try {
            ThreadFactory workers = workers(workerClass, name);
            workers.newThread(() -> { }); // made, not started: a changed Grizzly fails here, not at the first frame
            return new Factory(workers, Mode.GRIZZLY);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.WARNING, "Grizzly's worker threads cannot be made here: frames are written from plain threads", e);
            return new Factory(PlainThreads.named(name), Mode.PLAIN);
        }
    }

    private static ThreadFactory workers(Class<?> workerClass, String name) throws ReflectiveOperationException {
        ClassLoader grizzly = workerClass.getClassLoader();
        Class<?> attributeBuilder = Class.forName("org.glassfish.grizzly.attributes.AttributeBuilder", false, grizzly);
        Class<?> memoryManager = Class.forName("org.glassfish.grizzly.memory.MemoryManager", false, grizzly);
        Class<?> poolProvider = Class.forName("org.glassfish.grizzly.memory.ThreadLocalPoolProvider", false, grizzly);
        Class<?> pool = Class.forName("org.glassfish.grizzly.memory.ThreadLocalPool", false, grizzly);
        Object attributes = attributeBuilder.getField("DEFAULT_ATTRIBUTE_BUILDER").get(null);
        Object manager = memoryManager.getField("DEFAULT_MEMORY_MANAGER").get(null);
        Method createPool = poolProvider.getMethod("createThreadLocalPool");
        Constructor<?> constructor = workerClass.getConstructor(attributeBuilder, String.class, pool, Runnable.class);
        AtomicInteger number = new AtomicInteger();
        return runnable -> {
            try {
                Thread thread = (Thread) constructor.newInstance(attributes, name + "-" + number.incrementAndGet(), createPool.invoke(manager), runnable);
                thread.setDaemon(true);
                return thread;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Could not make a Grizzly worker thread", e);
            }
        };
    }

    /** The worker class of a running Grizzly thread (the HTTP listener's), or null. Runs at the first send: no stack walks. */
    private static Class<?> runningWorkerClass() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int count = root.enumerate(threads, true);
        for (int i = 0; i < count; i++) {
            for (Class<?> type = threads[i].getClass(); type != null; type = type.getSuperclass()) {
                if (type.getName().equals(WORKER_THREAD)) {
                    return type;
                }
            }
        }
        return null;
    }
}
