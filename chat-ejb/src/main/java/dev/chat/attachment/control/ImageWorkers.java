package dev.chat.attachment.control;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.platform.concurrent.PlainThreads;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Where images are read, stripped and previewed: a few threads of their own
 * ({@code chat.attachments.image.workers}) with a short queue, so that many uploads at once never
 * decode more images at a time than that (each may take tens of MB) nor take the request threads'
 * CPU; and a time bound ({@code chat.attachments.image.max-decode-ms}) after which the upload is
 * refused. A decode that runs over its time keeps its thread until it ends (the JDK's image
 * readers cannot be interrupted), which the pool's size bounds. Plain threads: the work touches no
 * bean, JNDI or configuration.
 */
@ApplicationScoped
public class ImageWorkers {

    @Inject
    @ConfigProperty(name = "chat.attachments.image.workers", defaultValue = "2")
    int workers;

    @Inject
    @ConfigProperty(name = "chat.attachments.image.queue", defaultValue = "8")
    int queue;

    @Inject
    @ConfigProperty(name = "chat.attachments.image.max-decode-ms", defaultValue = "10000")
    long maxDecodeMs;

    private ThreadPoolExecutor pool;

    @PostConstruct
    void start() {
        pool = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(Math.max(1, queue)),
                PlainThreads.named("chat-image"));
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    /**
     * Runs image work and waits for it, at most {@code chat.attachments.image.max-decode-ms}.
     *
     * @throws ChatException OVERLOADED when as many images wait as the queue holds; TOO_LARGE when
     *                       the work took too long; the work's own refusal
     */
    public <T> T run(Callable<T> work) {
        Future<T> result;
        try {
            result = pool.submit(work);
        } catch (RejectedExecutionException full) {
            throw new ChatException(ErrorCode.OVERLOADED, "too many images are being processed: try again shortly", 2_000L);
        }
        try {
            return result.get(maxDecodeMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException slow) {
            result.cancel(true);
            throw new ChatException(ErrorCode.TOO_LARGE, "the image took longer than " + maxDecodeMs + " ms to read");
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof RuntimeException refused) {
                throw refused;
            }
            throw new IllegalStateException(failed.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.cancel(true);
            throw new ChatException(ErrorCode.UNAVAILABLE, "interrupted while the image was processed");
        }
    }
}
