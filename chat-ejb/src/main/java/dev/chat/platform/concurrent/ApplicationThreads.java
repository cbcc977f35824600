package dev.chat.platform.concurrent;

import dev.chat.platform.startup.StartsWithApplication;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where work continues that a Redis or Kafka client thread completed: those threads do not carry
 * the application's context, so a bean first created there found no MP Config ("No value present",
 * the first messages of a fresh node failed NOT_DURABLE). These threads come from the container's
 * {@link ManagedThreadFactory}: the context is set up once per thread, not captured per task (a
 * managed executor's per-task capture scans the class loader, the cost {@code TyrusIdleTimers}
 * exists to avoid). Bounded: when {@code chat.executor.queue} tasks wait, {@link #execute} refuses.
 */
@ApplicationScoped
public class ApplicationThreads implements Executor, StartsWithApplication {
    private static final Logger LOG = Logger.getLogger(ApplicationThreads.class.getName());

    @Resource
    ManagedThreadFactory threadFactory;

    /** 0 = as many as the node has cores. */
    @Inject
    @ConfigProperty(name = "chat.executor.threads", defaultValue = "0")
    int configuredThreads;

    @Inject
    @ConfigProperty(name = "chat.executor.queue", defaultValue = "20000")
    int queueSize;

    private ThreadPoolExecutor pool;
    private final List<ThreadPoolExecutor> lanes = new CopyOnWriteArrayList<>();


    /**
     * Created with the application ({@link StartsWithApplication}), on a deployment thread: created
     * lazily, by the first task handed over from a client thread, its {@code @Resource} lookup would
     * fail there for want of the very context it exists to provide.
     */
    @PostConstruct
    void createPool() {
        int threads = configuredThreads > 0 ? configuredThreads : Math.max(2, Runtime.getRuntime().availableProcessors());
        pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queueSize), threadFactory);
        pool.prestartAllCoreThreads();
        LOG.log(Level.FINE, "{0} application threads, queue {1}", new Object[]{threads, queueSize});
    }

    /** @throws RejectedExecutionException when the queue is full or the application is stopping */
    @Override
    public void execute(Runnable task) {
        pool.execute(task);
    }

    /**
     * One more application thread of its own that runs tasks one at a time in the order given: for
     * work that must keep its order (a stream's events) without holding up the pool. Bounded like
     * the pool: when {@code queue} tasks wait, it refuses. Stops with the application.
     */
    public Executor lane(int queue) {
        var lane = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue), threadFactory);
        lane.prestartCoreThread(); // here, with the application's context, not when a client thread hands it the first task
        lanes.add(lane);
        return lane;
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
        lanes.forEach(ThreadPoolExecutor::shutdownNow);
    }
}
