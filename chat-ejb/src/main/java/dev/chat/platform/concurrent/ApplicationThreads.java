package dev.chat.platform.concurrent;

import dev.chat.platform.startup.StartsWithApplication;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
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
     * One more application thread of its own, named {@code chat-<name>}, that runs tasks one at a
     * time in the order given: for work that must keep its order (a stream's events) without
     * holding up the pool. Bounded like the pool: when {@code queue} tasks wait, it refuses. Stops
     * with the application.
     */
    public Executor lane(String name, int queue) {
        var lane = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue), named("chat-" + name));
        lane.prestartCoreThread(); // here, with the application's context, not when a client thread hands it the first task
        lanes.add(lane);
        return lane;
    }

    /**
     * A timer of its own for one kind of scheduled work, on one application thread named
     * {@code chat-<name>}. Not the container's managed scheduled executor: Payara's default one
     * runs on a single thread (core pool size 0), shared by every timer of the server, so one slow
     * round (an object store that does not answer, a slow query) held up the presence heartbeat,
     * the idle sweep and the token checks of the whole node. Here a slow round delays only its own
     * work. Call it where the application's context is (start-up, {@code @PostConstruct}).
     */
    public ScheduledExecutorService timer(String name) {
        var timer = new ScheduledThreadPoolExecutor(1, named("chat-" + name));
        timer.setRemoveOnCancelPolicy(true);
        timer.prestartCoreThread(); // as for lanes: the thread takes the context of the caller
        lanes.add(timer);
        return timer;
    }

    /**
     * Runs {@code work} every {@code interval} on a {@link #timer} of its own, each round starting
     * {@code interval} after the previous one ended. What a round throws is logged and the next
     * round runs: a periodic task that throws is otherwise cancelled without a word.
     */
    public ScheduledFuture<?> every(String name, Duration interval, Runnable work) {
        long ms = interval.toMillis();
        return timer(name).scheduleWithFixedDelay(logged("run scheduled work " + name + " (it runs again in " + ms + " ms)", work),
                ms, ms, TimeUnit.MILLISECONDS);
    }

    /**
     * {@code task}, with what it throws logged ("Could not {@code what}") instead of kept in a
     * scheduled future nobody reads (a periodic task is then cancelled, a delayed one lost, unseen).
     */
    public static Runnable logged(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not " + what, e);
            }
        };
    }

    private ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = threadFactory.newThread(runnable);
            thread.setName(name);
            return thread;
        };
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
        lanes.forEach(ThreadPoolExecutor::shutdownNow);
    }
}
