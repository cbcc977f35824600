package dev.chat.connection.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;

/**
 * The threads that hand frames to the container's sockets. A send on Payara writes to the socket
 * in the calling thread, so a fan-out that sent inline wrote every recipient's frame, one after
 * the other, on the single Kafka consumer thread of the stream: that capped a node near 2,400
 * frames/s while both cores had room (docs/benchmarks.md). The fan-out only queues into session
 * outboxes; these threads write, several sessions at once, each session's frames still in order
 * (its outbox has at most one send in flight).
 * <p>
 * Not managed threads: a managed executor captures the caller's context on every task, the
 * per-frame cost that {@link TyrusIdleTimers} exists to avoid; sends need no container context.
 * Grizzly's own kind of thread where possible ({@link GrizzlyWorkerThreads}): a frame written from
 * any other costs an 8 KiB array. Made at the first send, when Grizzly's threads surely run.
 */
@ApplicationScoped
public class SessionWriters implements Executor {
    private static final Logger LOG = Logger.getLogger(SessionWriters.class.getName());

    @Inject
    @ConfigProperty(name = "chat.ws.writer-threads", defaultValue = "0")
    int configuredThreads;

    @Inject
    @ConfigProperty(name = "chat.ws.grizzly-writer-threads", defaultValue = "true")
    boolean grizzlyThreads;

    private ExecutorService pool;
    private GrizzlyWorkerThreads.Mode mode;

    @PostConstruct
    void start() {
        int threads = configuredThreads > 0 ? configuredThreads : Math.max(2, Runtime.getRuntime().availableProcessors());
        GrizzlyWorkerThreads.Factory factory = GrizzlyWorkerThreads.named("chat-ws-writer", grizzlyThreads);
        mode = factory.mode();
        pool = Executors.newFixedThreadPool(threads, factory.threads());
        LOG.info(() -> threads + " WebSocket writer threads, " + mode + " (chat.ws.grizzly-writer-threads=" + grizzlyThreads + ")");
    }

    /** What kind of threads write frames (on {@code /health/live}). */
    public GrizzlyWorkerThreads.Mode mode() {
        return mode;
    }

    /** @throws java.util.concurrent.RejectedExecutionException once the application is stopping */
    @Override
    public void execute(Runnable send) {
        pool.execute(send);
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }
}
