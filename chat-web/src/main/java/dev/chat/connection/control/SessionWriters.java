package dev.chat.connection.control;

import dev.chat.platform.concurrent.PlainThreads;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The threads that hand frames to the container's sockets. A send on Payara writes to the socket
 * in the calling thread, so a fan-out that sent inline wrote every recipient's frame, one after
 * the other, on the single Kafka consumer thread of the stream: that capped a node near 2,400
 * frames/s while both cores had room (docs/benchmarks.md). The fan-out only queues into session
 * outboxes; these threads write, several sessions at once, each session's frames still in order
 * (its outbox has at most one send in flight).
 * <p>
 * Plain threads on purpose: a managed executor captures the caller's context on every task, the
 * per-frame cost that {@link TyrusIdleTimers} exists to avoid; sends need no container context.
 */
@ApplicationScoped
public class SessionWriters implements Executor {

    @Inject
    @ConfigProperty(name = "chat.ws.writer-threads", defaultValue = "0")
    int configuredThreads;

    private ExecutorService pool;

    @PostConstruct
    void start() {
        int threads = configuredThreads > 0 ? configuredThreads : Math.max(2, Runtime.getRuntime().availableProcessors());
        pool = Executors.newFixedThreadPool(threads, PlainThreads.named("chat-ws-writer"));
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
